package dev.berth.engine.container;

import dev.berth.model.Rfc3339;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.image.ImageLookup;
import dev.berth.engine.network.ContainerNetworking;
import dev.berth.engine.volume.ContainerMounts;
import dev.berth.model.HostConfig;
import dev.berth.model.Json;
import dev.berth.snapshot.ContainerLayers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code POST /containers/create} (moby {@code daemon/create.go}). */
final class Creator {
  private final ContainerStore store;
  private final ImageLookup images;
  private final ContainerLayers layers;
  private final ContainerEvents events;
  private final Clock clock;
  private final ContainerMounts mounts;
  private final ContainerNetworking networking;
  private final SecureRandom random = new SecureRandom();
  private volatile dev.berth.engine.logs.LogDrivers logDrivers = dev.berth.engine.logs.LogDrivers.jsonFile();

  Creator(ContainerStore store, ImageLookup images, ContainerLayers layers, ContainerEvents events, Clock clock,
      ContainerMounts mounts, ContainerNetworking networking) {
    this.mounts = mounts;
    this.networking = networking;
    this.store = store;
    this.images = images;
    this.layers = layers;
    this.events = events;
    this.clock = clock;
  }

  CreateResult create(ContainerCreate req) {
    if (req.config() == null) throw new InvalidArgument("config cannot be empty in order to create a container");
    var hc = normalize(req.hostConfig(), logDrivers);
    RestartManager.validate(hc.restartPolicy(), hc.autoRemove());
    NamespaceJoins.validate(hc);
    CreateLinks.check(hc, store);
    var requestedName = req.name().isEmpty() ? null : Names.canonical(req.name());
    var imageRef = req.config().image() == null ? "" : req.config().image();
    var image = images.resolve(imageRef);
    var id = newId();
    var name = requestedName == null ? generatedName(id) : requestedName;
    if (requestedName != null) store.reserveName(name, id);
    var dir = store.dir(id);
    try {
      var hostname = "host".equals(hc.networkMode()) ? hostHostname() : id.substring(0, 12);
      var config = ConfigMerge.merge(req.config(), image.config(), imageRef, hostname);
      var entrypoint = config.entrypoint() == null ? List.<String>of() : config.entrypoint();
      var cmd = config.cmd() == null ? List.<String>of() : config.cmd();
      var argv = new java.util.ArrayList<String>(entrypoint);
      argv.addAll(cmd);
      var mount = layers.prepare(id, image.layers());
      var graph = new LinkedHashMap<String, String>();
      graph.put("LowerDir", mount.lower().stream().map(Path::toString).collect(Collectors.joining(":")));
      graph.put("MergedDir", mount.target().toString());
      graph.put("UpperDir", mount.upper().toString());
      graph.put("WorkDir", mount.work().toString());
      Files.createDirectories(dir);
      mounts.register(id, config, hc, ref -> store.lookup(ref).id);
      var record = new ContainerRecord(id, Rfc3339.format(clock.instant()), argv.getFirst(), argv.subList(1, argv.size()),
          ContainerState.created(), image.id(), image.layers(), name, 0, "linux", dir.resolve("hostname").toString(),
          dir.resolve("hosts").toString(), dir.resolve("resolv.conf").toString(), dir.resolve(id + "-json.log").toString(),
          graph, networking.networksAtCreate(hc.networkMode(), req.endpointsConfig()), Map.of(), config);
      var c = new Container(record, hc);
      store.save(c);
      store.add(c);
      events.emit(record, "create");
      return new CreateResult(id, List.of());
    } catch (IOException | RuntimeException e) {
      store.releaseName(name);
      mounts.release(id, true);
      try {
        DiskUsage.deleteTree(dir);
      } catch (IOException ignored) {
        // the start-up scan removes a folder without a record
      }
      try {
        layers.remove(id);
      } catch (RuntimeException ignored) {
        // idempotent; retried when the id is cleaned at start-up
      }
      if (e instanceof IOException io) throw new UncheckedIOException(io);
      throw (RuntimeException) e;
    }
  }

  /** The daemon's default log driver and options (daemon.json), applied at create. */
  void logDrivers(dev.berth.engine.logs.LogDrivers drivers) {
    this.logDrivers = drivers;
  }

  static HostConfig normalize(HostConfig hc) {
    return normalize(hc, dev.berth.engine.logs.LogDrivers.jsonFile());
  }

  /**
   * moby: a missing HostConfig is empty; restart policy "" is "no"; network mode "" is "default";
   * the log config gets the daemon's defaults and is checked (mergeAndVerifyLogConfig).
   */
  static HostConfig normalize(HostConfig hc, dev.berth.engine.logs.LogDrivers logDrivers) {
    var tree = hc == null ? new LinkedHashMap<String, Object>() : Json.mapper().convertValue(hc, LinkedHashMap.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> m = tree;
    var policy = m.get("RestartPolicy") instanceof Map<?, ?> p ? p : null;
    if (policy == null || policy.get("Name") == null || "".equals(policy.get("Name"))) {
      m.put("RestartPolicy", Map.of("Name", "no", "MaximumRetryCount", 0));
    }
    if (m.get("NetworkMode") == null || "".equals(m.get("NetworkMode"))) m.put("NetworkMode", "default");
    if (m.get("IpcMode") == null || "".equals(m.get("IpcMode"))) m.put("IpcMode", "private"); // dockerd's default-ipc-mode
    m.put("LogConfig", logDrivers.resolve(hc == null ? null : hc.logConfig()));
    return Json.mapper().convertValue(m, HostConfig.class);
  }

  private String newId() {
    while (true) {
      var bytes = new byte[32];
      random.nextBytes(bytes);
      var id = HexFormat.of().formatHex(bytes);
      // moby avoids ids that read as numbers in scientific notation; the prefix must also be unique
      if (id.substring(0, 12).chars().allMatch(Character::isDigit)) continue;
      if (store.get(id).isEmpty()) return id;
    }
  }

  /** moby {@code generateAndReserveName}: six random tries, then the short id. */
  private String generatedName(String id) {
    for (int attempt = 0; attempt < 6; attempt++) {
      var name = "/" + Names.generate(random, attempt);
      if (store.tryReserveName(name, id)) return name;
    }
    var name = "/" + id.substring(0, 12);
    store.reserveName(name, id);
    return name;
  }

  private static String hostHostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
