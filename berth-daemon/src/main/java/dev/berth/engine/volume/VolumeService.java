package dev.berth.engine.volume;

import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.EngineException;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.SystemError;
import dev.berth.model.Filters;
import dev.berth.model.Volume;
import dev.berth.model.VolumeCreateRequest;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Volumes: create, inspect, list, remove, prune, and the references containers hold on them. A
 * volume referenced by any container (running or not) is "in use": it cannot be removed or pruned.
 * References are held in memory and rebuilt at start from the containers' mount records by
 * {@link MountResolver}, so a prune after a restart never removes a used volume (moby#41686).
 * Thread-safe; operations on one name are serialized.
 */
public final class VolumeService {
  /** dockerd marks volumes it made for {@code -v /path} and image VOLUMEs with this label. */
  public static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";
  private static final System.Logger LOG = System.getLogger(VolumeService.class.getName());
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  private static final Set<String> LIST_FILTERS = Set.of("dangling", "name", "driver", "label");
  private static final Set<String> PRUNE_FILTERS = Set.of("label", "label!", "all");

  private final VolumeDrivers drivers;
  private final VolumeStore store;
  private final VolumeEvents events;
  private final NameLocks locks = new NameLocks();
  private final Map<String, VolumeRecord> records = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> refs = new ConcurrentHashMap<>();
  private final AtomicBoolean pruning = new AtomicBoolean();
  private final SecureRandom random = new SecureRandom();

  VolumeService(VolumeDrivers drivers, VolumeStore store, VolumeEvents events) {
    this.drivers = drivers;
    this.store = store;
    this.events = events;
    records.putAll(store.loadAll());
    for (var v : drivers.local().list()) {
      records.computeIfAbsent(v.name(), n -> adopt(n));
    }
  }

  /** The volume service over {@code <dataRoot>/volumes}, with volume plugins from {@code plugins} (may be null). */
  public static VolumeService open(Path dataRoot, dev.berth.engine.plugin.PluginRegistry plugins, VolumeEvents events)
      throws java.io.IOException {
    var root = dataRoot.resolve("volumes");
    var volumePlugins = plugins == null ? null : new RegistryVolumePlugins(plugins);
    return new VolumeService(new VolumeDrivers(new LocalDriver(root), volumePlugins), new VolumeStore(root), events);
  }

  /** {@code POST /volumes/create}. */
  public Volume create(VolumeCreateRequest request) {
    var r = request == null ? VolumeCreateRequest.empty() : request;
    var record = create(r.name(), r.driver(), r.driverOpts(), r.labels(), null);
    return view(record, true);
  }

  /**
   * Creates (or finds) a volume and, when {@code ref} is a container id, records that it uses it.
   * A null or empty name makes an anonymous volume (64 hex characters, {@link #ANONYMOUS_LABEL}).
   */
  VolumeRecord create(String givenName, String driverName, Map<String, String> opts, Map<String, String> labels, String ref) {
    Map<String, String> allLabels = labels == null ? new HashMap<>() : new HashMap<>(labels);
    var name = givenName;
    if (name == null || name.isEmpty()) {
      name = randomId();
      allLabels.put(ANONYMOUS_LABEL, "");
      if (driverName == null || driverName.isEmpty()) {
        driverName = LocalDriver.NAME;
      }
    }
    return createLocked(name, driverName, opts, allLabels, ref);
  }

  private VolumeRecord createLocked(String name, String driverName, Map<String, String> opts, Map<String, String> allLabels, String ref) {
    try (var held = locks.lock(name)) {
      var existing = records.get(name);
      if (existing != null) {
        var conflict = driverName != null && !driverName.isEmpty() && !driverName.equals(existing.driver());
        if (drivers.existsIn(existing)) {
          if (conflict) {
            throw new Conflict("create " + name + ": driver '" + existing.driver() + "' already has volume '" + name
                + "': volume name must be unique");
          }
          reference(name, ref);
          return existing;
        }
        forget(name);
      }
      var driver = drivers.get(driverName == null || driverName.isEmpty() ? LocalDriver.NAME : driverName, "create " + name);
      var created = wrap("create " + name, () -> driver.create(name, opts));
      var record = new VolumeRecord(name, driver.name(), allLabels, opts,
          created.createdAt() != null ? created.createdAt() : now());
      store.save(record);
      records.put(name, record);
      reference(name, ref);
      events.emit("create", name, Map.of("driver", driver.name()));
      return record;
    }
  }

  /** {@code GET /volumes/{name}}: 404 {@code get x: no such volume}. */
  public Volume inspect(String name) {
    return view(get(name), true);
  }

  VolumeRecord get(String name) {
    var record = records.get(name);
    if (record == null || !drivers.existsIn(record)) {
      throw new NotFound("get " + name + ": no such volume");
    }
    return record;
  }

  /** {@code GET /volumes}: {@code {"Volumes": […], "Warnings": null|[…]}}. */
  public Map<String, Object> list(Filters filters) {
    filters.accept(LIST_FILTERS);
    var warnings = new ArrayList<String>();
    var known = new LinkedHashMap<>(records);
    for (var found : drivers.listPlugins(warnings)) {
      known.computeIfAbsent(found.name(), n -> new VolumeRecord(n, found.driver(), null, null, found.createdAt()));
    }
    var out = new ArrayList<Volume>();
    Boolean dangling = filters.has("dangling") ? VolumeFilters.bool(filters, "dangling") : null;
    for (var record : known.values()) {
      if (!filters.get("driver").isEmpty() && !filters.get("driver").contains(record.driver())) {
        continue;
      }
      if (filters.has("name") && filters.get("name").stream().noneMatch(p -> VolumeFilters.matches(p, record.name()))) {
        continue;
      }
      if (!filters.matchesLabels(record.labels())) {
        continue;
      }
      if (dangling != null && dangling == inUse(record.name())) {
        continue;
      }
      out.add(view(record, false));
    }
    var reply = new LinkedHashMap<String, Object>();
    reply.put("Volumes", out);
    reply.put("Warnings", warnings.isEmpty() ? null : warnings);
    return reply;
  }

  /**
   * {@code DELETE /volumes/{name}}: 409 {@code remove x: volume is in use - [ids]} while referenced
   * (also with force); with {@code force} a missing volume or a driver failure is not an error.
   */
  public void remove(String name, boolean force) {
    try (var held = locks.lock(name)) {
      var record = records.get(name);
      if (record == null) {
        if (force) {
          return;
        }
        throw new NotFound("get " + name + ": no such volume");
      }
      var users = refs.getOrDefault(name, Set.of());
      if (!users.isEmpty()) {
        throw new Conflict("remove " + name + ": volume is in use - [" + String.join(", ", new TreeSet<>(users)) + "]");
      }
      try {
        var driver = drivers.get(record.driver(), "remove " + name);
        wrap("remove " + name, () -> {
          driver.remove(name);
          return null;
        });
      } catch (EngineException e) {
        if (!force) {
          throw e;
        }
        LOG.log(Level.WARNING, "removing volume " + name + " despite driver error: " + e.getMessage());
      }
      forget(name);
      events.emit("destroy", name, Map.of("driver", record.driver()));
    }
  }

  /**
   * {@code POST /volumes/prune}: unused local volumes without options; only anonymous ones unless
   * {@code all=true} (API ≥ 1.42) or {@code allByDefault} (older clients).
   */
  public Map<String, Object> prune(Filters filters, boolean allByDefault) {
    filters.accept(PRUNE_FILTERS);
    boolean all = allByDefault;
    var allValues = filters.get("all");
    if (allValues.size() > 1) {
      throw new InvalidArgument("invalid filter 'all=" + String.join(",", allValues) + "': only one value is expected");
    }
    if (allValues.size() == 1) {
      all = VolumeFilters.parseBool(allValues.iterator().next(), "invalid filter 'all': strconv.ParseBool: parsing "
          + GoQuote.quote(allValues.iterator().next()) + ": invalid syntax");
    }
    if (!pruning.compareAndSet(false, true)) {
      throw new Conflict("a prune operation is already running");
    }
    try {
      var deleted = new ArrayList<String>();
      long reclaimed = 0;
      for (var record : List.copyOf(records.values())) {
        if (!record.driver().equals(LocalDriver.NAME) || drivers.local().hasOptions(record.name())
            || inUse(record.name()) || (!all && !record.anonymous()) || !VolumeFilters.pruneLabelsMatch(filters, record.labels())) {
          continue;
        }
        long size = dev.berth.os.DirectorySize.of(drivers.local().data(record.name()));
        try {
          remove(record.name(), false);
          deleted.add(record.name());
          reclaimed += Math.max(size, 0);
        } catch (EngineException e) {
          LOG.log(Level.WARNING, "could not prune volume " + record.name() + ": " + e.getMessage());
        }
      }
      events.emit("prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
      var report = new LinkedHashMap<String, Object>();
      report.put("VolumesDeleted", deleted);
      report.put("SpaceReclaimed", reclaimed);
      return report;
    } finally {
      pruning.set(false);
    }
  }

  /** Local volumes without options with their size and reference count, for {@code system df}. */
  public List<Volume> localVolumesUsage() {
    var out = new ArrayList<Volume>();
    for (var record : records.values()) {
      if (record.driver().equals(LocalDriver.NAME) && !drivers.local().hasOptions(record.name())) {
        var size = dev.berth.os.DirectorySize.of(drivers.local().data(record.name()));
        out.add(view(record, false).withUsage(new Volume.UsageData(size, refs.getOrDefault(record.name(), Set.of()).size())));
      }
    }
    return out;
  }

  /** Records that container {@code ref} uses {@code name}. No-op for a null ref. */
  void reference(String name, String ref) {
    if (ref != null) {
      refs.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(ref);
    }
  }

  /** Drops container {@code ref}'s use of {@code name}. */
  void release(String name, String ref) {
    try (var held = locks.lock(name)) {
      var users = refs.get(name);
      if (users != null) {
        users.remove(ref);
        if (users.isEmpty()) {
          refs.remove(name);
        }
      }
    }
  }

  boolean inUse(String name) {
    return !refs.getOrDefault(name, Set.of()).isEmpty();
  }

  /** Mounts the volume for container {@code ref}; returns the host path to bind. */
  Path mount(VolumeRecord record, String ref) {
    try (var held = locks.lock(record.name())) {
      var driver = drivers.get(record.driver(), "mount " + record.name());
      return wrap("error while mounting volume '" + record.name() + "'", () -> driver.mount(record.name(), ref));
    }
  }

  void unmount(VolumeRecord record, String ref) {
    try (var held = locks.lock(record.name())) {
      var driver = drivers.get(record.driver(), "unmount " + record.name());
      wrap("error while unmounting volume " + record.name(), () -> {
        driver.unmount(record.name(), ref);
        return null;
      });
    }
  }

  void emit(String action, String name, Map<String, String> attributes) {
    events.emit(action, name, attributes);
  }

  /** After a daemon restart: container {@code ref} is still running with the volume mounted. */
  void restoreMount(VolumeRecord record, String ref) {
    if (record.driver().equals(LocalDriver.NAME)) {
      drivers.local().restoreMount(record.name(), ref);
    }
  }

  /** The host path a volume's data is at, for inspect (plugins may only know it once mounted). */
  String mountpoint(VolumeRecord record) {
    if (record.driver().equals(LocalDriver.NAME)) {
      return drivers.local().data(record.name()).toString();
    }
    return drivers.find(record.driver()).flatMap(d -> safeGet(d, record.name())).map(DriverVolume::mountpoint).orElse("");
  }

  private Volume view(VolumeRecord record, boolean withStatus) {
    var driver = drivers.find(record.driver());
    var found = driver.flatMap(d -> safeGet(d, record.name()));
    var scope = driver.map(VolumeDriver::scope).orElse("local");
    var mountpoint = found.map(DriverVolume::mountpoint).orElse("");
    var status = withStatus ? found.map(DriverVolume::status).orElse(null) : null;
    return new Volume(record.createdAt(), record.driver(), record.labels(), mountpoint, record.name(), record.options(),
        scope, status == null || status.isEmpty() ? null : status, null);
  }

  private static java.util.Optional<DriverVolume> safeGet(VolumeDriver driver, String name) {
    try {
      return driver.get(name);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "driver " + driver.name() + " failed to get " + name + ": " + e.getMessage());
      return java.util.Optional.empty();
    }
  }

  private void forget(String name) {
    records.remove(name);
    store.delete(name);
  }

  private VolumeRecord adopt(String name) {
    var record = new VolumeRecord(name, LocalDriver.NAME, null, null, now());
    store.save(record);
    return record;
  }

  private static String now() {
    return ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(RFC3339);
  }

  /** 64 hex characters whose first 12 are not all digits (dockerd's stringid rule). */
  private String randomId() {
    while (true) {
      var bytes = new byte[32];
      random.nextBytes(bytes);
      var id = HexFormat.of().formatHex(bytes);
      if (!id.substring(0, 12).chars().allMatch(Character::isDigit)) {
        return id;
      }
    }
  }

  private static <T> T wrap(String op, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (InvalidArgument e) {
      throw new InvalidArgument(op + ": " + e.getMessage(), e);
    } catch (NotFound e) {
      throw new NotFound(op + ": " + e.getMessage(), e);
    } catch (Conflict e) {
      throw new Conflict(op + ": " + e.getMessage(), e);
    } catch (EngineException e) {
      throw new SystemError(op + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new SystemError(op + ": " + e.getMessage(), e);
    }
  }
}
