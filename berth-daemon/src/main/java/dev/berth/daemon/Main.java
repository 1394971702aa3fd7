package dev.berth.daemon;

import dev.berth.api.server.ApiServer;
import dev.berth.api.server.ApiVersions;
import dev.berth.api.server.ListenAddress;
import dev.berth.engine.system.BuildInfo;
import dev.berth.engine.system.SystemService;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * berthd: parses dockerd's flags and daemon.json, takes the data and exec roots, wires the
 * services, listens, and on SIGTERM/SIGINT stops listening, runs the shutdown hooks and removes the
 * socket and pidfile. Exit code 1 on a start-up failure, with dockerd-like messages on stderr.
 */
public final class Main {
  private static final System.Logger LOG = System.getLogger(Main.class.getName());
  private static final System.Logger READY = System.getLogger(Logging.READY);

  private Main() {}

  public static void main(String[] args) {
    int code;
    try {
      code = run(args);
    } catch (DaemonFlags.FlagException | DaemonJson.ConfigException e) {
      System.err.println(e.getMessage());
      code = 1;
    } catch (Exception e) {
      LOG.log(Level.ERROR, "failed to start daemon: " + e, e);
      code = 1;
    }
    System.exit(code);
  }

  static int run(String[] args) throws Exception {
    var flags = DaemonFlags.parse(args);
    if (flags.help()) {
      System.out.println("Usage: berthd [OPTIONS]\n\nA Docker Engine-compatible daemon. Takes dockerd's options "
          + "(-H/--host, --data-root, --exec-root, --pidfile, --config-file, --log-level, -D, --group, --live-restore, ...).");
      return 0;
    }
    var build = BuildInfo.load();
    if (flags.version()) {
      System.out.println("Berth version " + build.version() + ", build " + build.gitCommit());
      return 0;
    }
    var config = DaemonConfig.from(DaemonJson.merge(flags));
    if (flags.validate()) {
      System.out.println("configuration OK");
      return 0;
    }
    Logging.configure(config.logLevel());
    try {
      return serve(config, build, flags);
    } catch (ProcessLocks.AlreadyRunning | IOException e) {
      LOG.log(Level.ERROR, "failed to start daemon: " + e.getMessage());
      return 1;
    }
  }

  private static int serve(DaemonConfig config, BuildInfo build, DaemonFlags flags) throws Exception {
    var stop = new CountDownLatch(1);
    var signal = new AtomicReference<String>();
    // SIGHUP and SIGINT are handled even when berthd was started with them ignored (nohup, a
    // background job of a script), as Go's signal.Notify makes dockerd do; the JVM skips ignored ones.
    dev.berth.os.Processes.restoreDefaultAction(1);
    dev.berth.os.Processes.restoreDefaultAction(2);
    for (var name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), s -> {
        signal.compareAndSet(null, s.getName().equals("TERM") ? "terminated" : "interrupt");
        stop.countDown();
      });
    }
    var reloader = new AtomicReference<ConfigReload>();
    Signal.handle(new Signal("HUP"), s -> {
      var r = reloader.get();
      LOG.log(Level.INFO, "Got signal to reload configuration" + (r == null ? "; not ready yet" : ""));
      if (r != null) Thread.ofVirtual().name("reload").start(r::reload);
    });

    LOG.log(Level.INFO, "Starting up");
    try (var locks = new ProcessLocks()) {
      makeRoot(config.dataRoot(), "rwx--x--x");
      makeRoot(config.execRoot(), "rwx------");
      locks.lock(config.dataRoot(), "data-root");
      locks.lock(config.execRoot(), "exec-root");
      locks.writePidfile(config.pidfile());
      try (var wiring = Wiring.build(config)) {
        reloader.set(wiring.reloader(flags));
        var identity = new ApiServer.Identity(new ApiVersions(SystemService.API_VERSION, SystemService.MIN_API_VERSION),
            build.version());
        try (var server = new ApiServer(wiring.routes(), identity, config.group())) {
          for (var host : config.hosts()) {
            server.listen(host, tls(config, host));
            READY.log(Level.INFO, "API listen on {0}", shown(host));
          }
          LOG.log(Level.INFO, "Daemon has completed initialization");
          stop.await();
          LOG.log(Level.INFO, "Processing signal ''{0}''", signal.get());
        }
      }
    }
    LOG.log(Level.INFO, "Daemon shutdown complete");
    return 0;
  }

  /** TLS for a TCP host when --tls/--tlsverify is on; dockerd's warning when a TCP host is plain. */
  private static ApiServer.Tls tls(DaemonConfig config, ListenAddress host) {
    if (!(host instanceof ListenAddress.Tcp tcp)) {
      return null;
    }
    if (!config.tls()) {
      LOG.log(Level.WARNING, "Binding to IP address without --tlsverify is insecure and gives root access on this "
          + "machine to everyone who has access to your network. host=\"{0}\"", tcp);
      return null;
    }
    return new ApiServer.Tls(Path.of(config.tlsCaCert()), Path.of(config.tlsCert()), Path.of(config.tlsKey()),
        config.tlsVerify());
  }

  /** dockerd prints the socket path for unix listeners and host:port for TCP. */
  private static String shown(ListenAddress host) {
    return switch (host) {
      case ListenAddress.Unix u -> u.path().toString();
      case ListenAddress.Tcp t -> t.toString().substring("tcp://".length());
    };
  }

  private static void makeRoot(Path root, String perms) throws IOException {
    if (!Files.isDirectory(root)) {
      Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(perms)));
    }
  }
}
