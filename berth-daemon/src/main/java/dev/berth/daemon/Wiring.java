package dev.berth.daemon;

import dev.berth.api.routes.NetworkRoutes;
import dev.berth.api.routes.PluginRoutes;
import dev.berth.api.routes.SystemRoutes;
import dev.berth.api.routes.VolumeRoutes;
import dev.berth.api.server.AuthzRoutes;
import dev.berth.api.server.Routes;
import dev.berth.engine.network.ContainerNetworking;
import dev.berth.engine.network.NetworkService;
import dev.berth.engine.system.BuildInfo;
import dev.berth.engine.system.ContainerCounts;
import dev.berth.engine.system.EngineId;
import dev.berth.engine.system.HostFacts;
import dev.berth.engine.system.ImageCounts;
import dev.berth.engine.system.InfoSettings;
import dev.berth.engine.system.SystemService;
import dev.berth.engine.plugin.AuthorizationChain;
import dev.berth.engine.plugin.PluginRegistry;
import dev.berth.engine.plugin.PluginViews;
import dev.berth.engine.volume.ContainerMounts;
import dev.berth.engine.volume.MountResolver;
import dev.berth.engine.volume.VolumeEvents;
import dev.berth.engine.volume.VolumeService;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Constructs every service and collects every {@link Routes}: the only place that knows concrete
 * implementations. Each subsystem has one marked block below; add your lines inside your block only
 * (so parallel changes merge cleanly), e.g. {@code routes.add(new ImageRoutes(images));} and
 * {@code onShutdown(containers::shutdown);}. Shutdown hooks run after the listeners stopped, in
 * reverse order of registration.
 */
public final class Wiring implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Wiring.class.getName());

  private final List<Routes> routes = new ArrayList<>();
  private java.util.function.Function<DaemonFlags, ConfigReload> reload;
  private final Deque<AutoCloseable> shutdown = new ArrayDeque<>();
  private AuthorizationChain authorization;

  private Wiring() {}

  public static Wiring build(DaemonConfig config) throws Exception {
    var w = new Wiring();
    var routes = w.routes;
    ContainerCounts containerCounts = ContainerCounts.NONE;
    ImageCounts imageCounts = ImageCounts.NONE;

    // ===== images: content store, snapshots, engine.image (images helper) =====
    var layerStore = new dev.berth.snapshot.LayerStore(config.dataRoot().resolve("overlay"));
    var contentStore = new dev.berth.content.ContentStore(config.dataRoot().resolve("content"));
    var images = new dev.berth.engine.image.ImageService(config.dataRoot(), contentStore, layerStore, java.time.Clock.systemUTC());
    dev.berth.snapshot.ContainerLayers containerLayers = new dev.berth.snapshot.OverlayContainerLayers(layerStore);
    imageCounts = images::imageCount;
    routes.add(new dev.berth.api.routes.ImageRoutes(images));
    // containers: images.setUsers(...) with the container service; distribution: images.setPuller(...)
    // ===== end images =====

    // ===== runtime: os, runtime (runtime helper) =====
    var runtime = dev.berth.runtime.ConmonRuntime.onHost(config.execRoot());
    w.onShutdown(runtime);
    // ===== end runtime =====

    // ===== networks: engine.network, netplug (networks helper) =====
    // Plugins (volumes helper) are made here because network and IPAM driver plugins need them too.
    var plugins = PluginRegistry.system();
    var networks = new NetworkService(NetworkWiring.options(config),
        new dev.berth.engine.network.remote.RemoteNetworks(plugins, config.dataRoot()));
    networks.start();
    w.onShutdown(networks::close);
    routes.add(new NetworkRoutes(networks));
    ContainerNetworking containerNetworking = networks.containerNetworking();
    // ===== end networks =====

    // ===== distribution: registry pull/push (distribution helper) =====
    var distribution = new dev.berth.engine.distribution.DistributionService(
        new dev.berth.engine.distribution.RegistryConfig(config.insecureRegistries(), config.registryMirrors(),
            config.settings().get("certs-dir") instanceof String certs && !certs.isEmpty()
                ? java.util.List.of(java.nio.file.Path.of(certs))
                : dev.berth.engine.distribution.RegistryConfig.DEFAULT_CERTS_DIRS, config.maxConcurrentDownloads(),
            config.maxConcurrentUploads()),
        contentStore, layerStore, new PulledImages(images), config.dataRoot().resolve("image").resolve("distribution"));
    w.onShutdown(distribution::close);
    images.setPuller(distribution);
    routes.add(new dev.berth.api.routes.DistributionRoutes(distribution));
    // ===== end distribution =====

    // ===== volumes and plugins: engine.volume, engine.plugin (volumes helper) =====
    // The event bus is made here (not in the containers block) because volume events go to it too.
    var events = new dev.berth.engine.events.EventBus();
    VolumeEvents volumeEvents = (action, name, attributes) -> events.publish("volume", action, name, attributes);
    var volumes = VolumeService.open(config.dataRoot(), plugins, volumeEvents);
    // The container service takes this: register at create, setUp at start, tearDown at stop, release at rm.
    ContainerMounts containerMounts = new MountResolver(config.dataRoot(), volumes);
    routes.add(new VolumeRoutes(volumes));
    routes.add(new PluginRoutes(new PluginViews(plugins)));
    w.authorization = new AuthorizationChain(plugins, config.settings().get("authorization-plugins") instanceof List<?> names
        ? names.stream().map(String::valueOf).toList() : List.of());
    // ===== end volumes =====

    // ===== containers: engine.container, engine.logs, engine.events (containers helper) =====
    var specs = new dev.berth.runtime.OciSpecBuilder(dev.berth.runtime.KernelFacts.probe());
    var containers = new dev.berth.engine.container.ContainerService(config.dataRoot(), images, containerLayers,
        new dev.berth.engine.container.OverlayRootfs(), runtime, containerNetworking, specs::build, events,
        dev.berth.engine.container.OomProbe.cgroups(java.nio.file.Path.of("/sys/fs/cgroup")), java.time.Clock.systemUTC(),
        containerMounts);
    images.setUsers(containers);
    images.setEvents(events);
    containers.logDrivers(new dev.berth.engine.logs.LogDrivers(new dev.berth.model.HostConfig.LogConfig(config.logDriver(),
        config.logOpts())));
    networks.connectTo(containers.networkDirectory(), (action, id, attributes) -> events.publish("network", action, id, attributes));
    // health probes are exec instances as in dockerd, so the exec service is made here, before restore
    var execs = new dev.berth.engine.exec.ExecService(new dev.berth.engine.exec.ContainerExecTargets(containers, events),
        dev.berth.runtime.ConmonExec.onHost(config.execRoot()));
    containers.healthChecks(execs::probe);
    containers.restore();
    execs.removeStaleSessions(); // after restore (a session still running stays for the next start)
    w.onShutdown(new dev.berth.engine.logs.LogRotator(containers::rotatingLogs, runtime::reopenLog).start());
    networks.removeOrphanEndpoints();
    containerCounts = containers;
    w.onShutdown(() -> containers.shutdown(config.liveRestore()));
    routes.add(new dev.berth.api.routes.ContainerRoutes(containers));
    routes.add(new dev.berth.api.routes.ContainerStreamRoutes(containers));
    routes.add(new dev.berth.api.routes.ContainerUpdateRoutes(containers, new dev.berth.engine.stats.StatsService(
        containers, runtime, dev.berth.runtime.CgroupSupport.probe(java.nio.file.Path.of("/sys/fs/cgroup")).machineMemory())));
    routes.add(new dev.berth.api.routes.EventRoutes(events));
    // ===== end containers =====

    // system df (volumes helper): images, containers and volumes together
    routes.add(new dev.berth.api.routes.DiskUsageRoutes(new dev.berth.engine.system.DiskUsageService(images::diskUsage,
        () -> containers.list(new dev.berth.engine.container.ListOptions(true, -1, true, dev.berth.model.Filters.none())),
        volumes::localVolumesUsage)));

    // ===== exec: engine.exec, container introspection (exec helper) =====
    routes.add(new dev.berth.api.routes.ExecRoutes(execs)); // execs: made in the containers block (health probes)
    containers.execIds(execs::execIds);
    routes.add(new dev.berth.api.routes.ContainerIntrospectionRoutes(containers,
        new dev.berth.engine.exec.ContainerProbe(containers)));
    // ===== end exec =====

    // ===== files: commit, cp, export (files helper) =====
    var containerFiles = containers.files(new dev.berth.engine.archive.VolumeBinds());
    var committer = new dev.berth.engine.commit.ContainerCommitter(containerFiles, images, events);
    routes.add(new dev.berth.api.routes.CommitRoutes(committer));
    routes.add(new dev.berth.api.routes.ArchiveRoutes(new dev.berth.engine.archive.ContainerArchives(containerFiles)));
    // ===== end files =====

    // ===== builds: engine.build (build helper) =====
    routes.add(new dev.berth.api.routes.BuildRoutes(new dev.berth.engine.build.BuildService(images, containers,
        committer, containerLayers, new dev.berth.engine.container.OverlayRootfs(), events,
        java.time.Clock.systemUTC(), config.dataRoot().resolve("build-tmp"), layerStore.root())));
    // ===== end builds =====

    // ===== distribution events: after the containers block made the event bus (distribution helper) =====
    distribution.setEvents((action, reference, name) -> events.publish("image", action, reference, java.util.Map.of("name", name)));
    // ===== end distribution events =====

    // ===== system: /_ping, /version, /info (api helper) =====
    var engineId = EngineId.loadOrCreate(config.dataRoot());
    var host = HostFacts.read();
    var system = new SystemService(BuildInfo.load(), host, engineId,
        infoSettings(config), containerCounts, imageCounts);
    routes.add(new SystemRoutes(system));
    w.reload = flags -> new ConfigReload(flags, events, engineId, host.hostname(),
        next -> system.reload(infoSettings(next)));
    // ===== end system =====

    return w;
  }

  private static InfoSettings infoSettings(DaemonConfig c) {
    Map<String, String> runtimes = new TreeMap<>();
    c.runtimes().forEach((name, rt) -> runtimes.put(name, rt.path()));
    return new InfoSettings(c.dataRoot(), c.debug(), c.logDriver(), c.storageDriver(), "cgroupfs", c.liveRestore(),
        runtimes, c.defaultRuntime(), c.insecureRegistries(), c.registryMirrors(), c.labels(),
        List.of("name=seccomp,profile=builtin"));
  }

  /** The SIGHUP handler's reload of daemon.json ({@code flags} say which file and which keys came as flags). */
  ConfigReload reloader(DaemonFlags flags) {
    return reload.apply(flags);
  }

  /** Every route, behind the authorization plugins when {@code --authorization-plugin} names any. */
  public List<Routes> routes() {
    return AuthzRoutes.wrap(List.copyOf(routes), authorization);
  }

  /** Registers {@code hook} to run at daemon shutdown (after the API stopped listening). */
  void onShutdown(AutoCloseable hook) {
    shutdown.push(hook);
  }

  @Override
  public void close() {
    while (!shutdown.isEmpty()) {
      var hook = shutdown.pop();
      try {
        hook.close();
      } catch (Exception e) {
        LOG.log(Level.ERROR, "shutdown step failed: " + e.getMessage(), e);
      }
    }
  }
}
