package dev.berth.engine.container;

import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.model.HostConfig;
import dev.berth.store.AtomicJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The containers: an in-memory index (by id and by name) over the records under
 * {@code <data-root>/containers/<id>/}. Lookups never lock; names are reserved atomically.
 * Thread-safe.
 */
final class ContainerStore {
  static final String CONFIG = "config.v2.json";
  static final String HOST_CONFIG = "hostconfig.json";

  private final Path root;
  private final Map<String, Container> byId = new ConcurrentHashMap<>();
  private final Map<String, String> names = new ConcurrentHashMap<>();

  ContainerStore(Path root) {
    this.root = root;
  }

  Path dir(String id) {
    return root.resolve(id);
  }

  /**
   * Finds a container as dockerd does (moby {@code daemon.GetContainer}): full id, then exact name
   * (with or without the slash), then a unique id prefix.
   */
  Container lookup(String ref) {
    if (ref == null || ref.isEmpty()) {
      throw new InvalidArgument("invalid name or ID supplied: \"\"");
    }
    var c = byId.get(ref);
    if (c != null) return c;
    var byName = names.get(ref.startsWith("/") ? ref : "/" + ref);
    if (byName != null && (c = byId.get(byName)) != null) return c;
    Container found = null;
    for (var e : byId.entrySet()) {
      if (e.getKey().startsWith(ref)) {
        if (found != null) throw new InvalidArgument("multiple IDs found with provided prefix: " + ref);
        found = e.getValue();
      }
    }
    if (found == null) throw NotFound.container(ref);
    return found;
  }

  Optional<Container> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  Collection<Container> all() {
    return byId.values();
  }

  /** Newest first, as {@code ps} lists them. */
  List<Container> newestFirst() {
    var list = new ArrayList<>(byId.values());
    list.sort(Comparator.comparing((Container c) -> c.record().created()).reversed());
    return list;
  }

  /**
   * Reserves {@code name} (canonical, with slash) for {@code id}.
   *
   * @throws Conflict dockerd's name-in-use text
   */
  void reserveName(String name, String id) {
    var owner = names.putIfAbsent(name, id);
    if (owner != null && !owner.equals(id)) {
      throw new Conflict("Conflict. The container name \"" + name + "\" is already in use by container \"" + owner
          + "\". You have to remove (or rename) that container to be able to reuse that name.");
    }
  }

  boolean tryReserveName(String name, String id) {
    var owner = names.putIfAbsent(name, id);
    return owner == null || owner.equals(id);
  }

  void releaseName(String name) {
    names.remove(name);
  }

  void add(Container c) {
    byId.put(c.id, c);
  }

  void remove(Container c) {
    byId.remove(c.id);
    names.remove(c.record().name(), c.id);
  }

  /** Writes the container's record and host config durably. */
  void save(Container c) {
    var dir = dir(c.id);
    AtomicJson.write(dir.resolve(HOST_CONFIG), c.hostConfig());
    AtomicJson.write(dir.resolve(CONFIG), c.record());
  }

  void saveRecord(Container c) {
    AtomicJson.write(dir(c.id).resolve(CONFIG), c.record());
  }

  private static <T> T treeToValue(com.fasterxml.jackson.databind.JsonNode tree, Class<T> type) {
    try {
      return dev.berth.model.Json.mapper().treeToValue(tree, type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("unreadable record: " + e.getOriginalMessage(), e);
    }
  }

  /** Result of reading the containers folder at start-up. */
  record Loaded(List<Container> containers, List<Path> broken) {}

  /**
   * Reads every container folder; ones without a readable record are returned as broken. A record
   * from before {@link ContainerRecord#networksComplete()} is completed by {@code upgrade} and saved.
   */
  Loaded load(java.util.function.BiFunction<ContainerRecord, HostConfig, ContainerRecord> upgrade) {
    var ok = new ArrayList<Container>();
    var broken = new ArrayList<Path>();
    if (!Files.isDirectory(root)) return new Loaded(ok, broken);
    try (Stream<Path> dirs = Files.list(root)) {
      for (var dir : dirs.filter(Files::isDirectory).toList()) {
        try {
          // one read of the record: its fields, and whether it is from before the network model
          var tree = AtomicJson.read(dir.resolve(CONFIG), com.fasterxml.jackson.databind.JsonNode.class);
          var rec = tree.map(t -> treeToValue(t, ContainerRecord.class));
          var hc = AtomicJson.read(dir.resolve(HOST_CONFIG), HostConfig.class);
          if (rec.isEmpty() || hc.isEmpty() || !rec.get().id().equals(dir.getFileName().toString())) {
            broken.add(dir);
            continue;
          }
          var complete = treeToValue(tree.get(), LegacyNetworks.Marker.class).complete();
          var c = new Container(complete ? rec.get() : upgrade.apply(rec.get(), hc.get()), hc.get());
          if (!complete) saveRecord(c);
          byId.put(c.id, c);
          names.put(rec.get().name(), c.id);
          ok.add(c);
        } catch (UncheckedIOException | IllegalArgumentException e) {
          broken.add(dir);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Loaded(ok, broken);
  }
}
