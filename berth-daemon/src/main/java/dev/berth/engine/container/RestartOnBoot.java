package dev.berth.engine.container;

import java.lang.System.Logger.Level;

/**
 * After {@link Restorer}: containers left "restarting" by a daemon that went away become exited,
 * then {@code always} containers and {@code unless-stopped} ones the user had not stopped are
 * started again, in parallel, as moby's {@code daemon.restore} does. Exits from then on follow the
 * restart policies.
 */
final class RestartOnBoot {
  private static final System.Logger LOG = System.getLogger(RestartOnBoot.class.getName());

  private final ContainerStore store;
  private final RestartManager restarts;
  private final Lifecycle lifecycle;

  RestartOnBoot(ContainerStore store, RestartManager restarts, Lifecycle lifecycle) {
    this.store = store;
    this.restarts = restarts;
    this.lifecycle = lifecycle;
  }

  void run() {
    for (var c : store.all()) {
      var r = c.record();
      if (r.state().restarting()) {
        c.exited(r.withState(r.state().restartCancelled()));
        store.saveRecord(c);
      }
    }
    restarts.accept();
    for (var c : store.all()) {
      if (!RestartManager.restartsAtBoot(c)) continue;
      Thread.ofVirtual().name("boot-start-" + c.id.substring(0, Math.min(12, c.id.length()))).start(() -> {
        try {
          restarts.reset(c);
          lifecycle.start(c);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "restart of " + c.id + " at daemon start failed: " + e.getMessage());
        }
      });
    }
  }
}
