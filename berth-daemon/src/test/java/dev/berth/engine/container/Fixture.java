package dev.berth.engine.container;

import dev.berth.engine.error.NotFound;
import dev.berth.engine.events.EventBus;
import dev.berth.engine.image.LocalImage;
import dev.berth.engine.network.ContainerNetworking;
import dev.berth.engine.network.NetworkRequest;
import dev.berth.engine.network.NetworkSetup;
import dev.berth.model.ContainerConfig;
import dev.berth.model.Json;
import dev.berth.snapshot.ContainerLayers;
import dev.berth.snapshot.OverlayMount;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/** A ContainerService over fakes, with a temp data root. */
final class Fixture {
  static final String IMAGE_ID = "sha256:" + "ab".repeat(32);
  final Path root;
  final FakeRuntime runtime = new FakeRuntime();
  final EventBus events = new EventBus();
  final Set<Path> mounted = ConcurrentHashMap.newKeySet();
  final Set<String> networksUp = ConcurrentHashMap.newKeySet();
  final Map<String, Path> layerDirs = new ConcurrentHashMap<>();
  ContainerConfig imageConfig = config("{\"Cmd\":[\"sh\"],\"Env\":[\"PATH=/bin\",\"A=image\"],\"Labels\":{\"from\":\"image\"}}");
  ContainerService service;

  Fixture(Path root) {
    this.root = root;
    this.service = newService();
  }

  ContainerService newService() {
    ContainerLayers layers = new ContainerLayers() {
      @Override
      public OverlayMount prepare(String id, List<String> l) {
        var d = root.resolve("overlay").resolve(id);
        layerDirs.put(id, d.resolve("merged"));
        return new OverlayMount(List.of(root.resolve("overlay/l1")), d.resolve("diff"), d.resolve("work"), d.resolve("merged"));
      }

      @Override
      public void remove(String id) {
        layerDirs.remove(id);
      }

      @Override
      public Map<String, Path> containers() {
        return Map.copyOf(layerDirs);
      }
    };
    RootfsMounter rootfs = new RootfsMounter() {
      @Override
      public void mount(OverlayMount m) {
        mounted.add(m.target());
      }

      @Override
      public void unmount(Path target) {
        mounted.remove(target);
      }
    };
    ContainerNetworking net = new ContainerNetworking() {
      @Override
      public NetworkSetup setUp(NetworkRequest r) {
        networksUp.add(r.containerId());
        return NetworkSetup.plain(null, false, Map.of("Networks", Map.of()), "");
      }

      @Override
      public void tearDown(String id) {
        networksUp.remove(id);
      }
    };
    var etc = new EtcFiles(root.resolve("host-resolv.conf"), root.resolve("host-hosts"));
    var s = new ContainerService(root, ref -> {
      if (ref.equals("busybox") || ref.equals(IMAGE_ID)) return new LocalImage(IMAGE_ID, List.of("busybox:latest"), imageConfig, List.of("l1"), "linux", "amd64");
      throw NotFound.image(ref);
    }, layers, rootfs, runtime, net, in -> Map.of("args", in.args(), "env", in.env()), events, p -> false,
        Clock.systemUTC(), etc, dev.berth.engine.volume.ContainerMounts.NONE);
    s.restore();
    return s;
  }

  static ContainerConfig config(String json) {
    try {
      return Json.mapper().readValue(json, ContainerConfig.class);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  String create(String name, String configJson) {
    return service.create(new ContainerCreate(name, config(configJson), null, Map.of())).id();
  }

  static void await(Duration limit, BooleanSupplier condition) {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("condition not met within " + limit);
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
