package dev.berth.engine.stats;

import dev.berth.engine.container.ContainerService;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.runtime.RuntimeService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * {@code GET /containers/{id}/stats} (moby daemon/stats.go): cgroup counters, host CPU time and
 * network counters, one frame a second while streaming, {@code precpu_stats} from the frame before.
 * Not running: frames with only name and id (dockerd's empty stats). {@code stream=false} waits one
 * interval so the CPU figures have a base, as dockerd does; {@code one-shot} answers at once.
 * Thread-safe; each request samples on its own thread.
 */
public final class StatsService {
  private final ContainerService containers;
  private final RuntimeService runtime;
  private final Path proc;
  private final long machineMemory;
  private final Clock clock;
  private final Duration interval;

  public StatsService(ContainerService containers, RuntimeService runtime, long machineMemory) {
    this(containers, runtime, Path.of("/proc"), machineMemory, Clock.systemUTC(), Duration.ofSeconds(1));
  }

  StatsService(ContainerService containers, RuntimeService runtime, Path proc, long machineMemory, Clock clock,
      Duration interval) {
    this.containers = containers;
    this.runtime = runtime;
    this.proc = proc;
    this.machineMemory = machineMemory;
    this.clock = clock;
    this.interval = interval;
  }

  /** The query: {@code stream} (default true) and {@code one-shot} (only without stream). */
  public record Options(boolean stream, boolean oneShot) {
    public static Options of(boolean stream, boolean oneShot) {
      if (stream && oneShot) throw new InvalidArgument("cannot have stream=true and one-shot=true");
      return new Options(stream, oneShot);
    }
  }

  /** Receives frames; throws when the client is gone, which ends the stream. */
  @FunctionalInterface
  public interface Sink {
    void accept(Map<String, Object> frame) throws IOException;
  }

  /** Frames for one request; {@link #writeTo} blocks until done (or forever while streaming). */
  @FunctionalInterface
  public interface Frames {
    void writeTo(Sink sink) throws IOException;
  }

  /** Checks the container exists (NotFound before any byte is sent) and returns its frames. */
  public Frames open(String ref, Options options) {
    var id = target(ref).id();
    return sink -> run(id, options, sink);
  }

  private void run(String id, Options options, Sink sink) throws IOException {
    var t = target(id);
    if (!t.live() && !options.stream()) {
      sink.accept(StatsJson.frame(t.name(), t.id(), null, null, machineMemory));
      return;
    }
    if (options.oneShot()) {
      sink.accept(StatsJson.frame(t.name(), t.id(), read(t), null, machineMemory));
      return;
    }
    var previous = read(t);
    if (options.stream()) sink.accept(StatsJson.frame(t.name(), t.id(), previous, null, machineMemory));
    while (true) {
      pause();
      try {
        t = target(id);
      } catch (NotFound removed) {
        return; // dockerd ends the stream when the container goes away
      }
      var current = read(t);
      sink.accept(StatsJson.frame(t.name(), t.id(), current, previous, machineMemory));
      if (!options.stream()) return;
      previous = current;
    }
  }

  /** A reading, or null when the container is not running (no cgroup). */
  private StatsJson.Reading read(Target t) {
    if (!t.live()) return null;
    var sample = runtime.stats(t.id()).orElse(null);
    if (sample == null) return null;
    var cpu = HostCpu.read(proc.resolve("stat"));
    var nets = t.pid() > 0 && !t.networkMode().equals("host") ? NetDev.of(proc, t.pid()) : Map.<String, NetDev.Counters>of();
    return new StatsJson.Reading(clock.instant(), sample, cpu.nanos(), cpu.onlineCpus(), nets);
  }

  private void pause() throws IOException {
    try {
      Thread.sleep(interval);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private record Target(String id, String name, boolean live, int pid, String networkMode) {}

  private Target target(String ref) {
    var view = containers.inspect(ref, false);
    var state = view.get("State") instanceof Map<?, ?> s ? s : Map.of();
    boolean live = Boolean.TRUE.equals(state.get("Running")) && !Boolean.TRUE.equals(state.get("Restarting"));
    int pid = state.get("Pid") instanceof Number n ? n.intValue() : 0;
    var mode = view.get("HostConfig") instanceof dev.berth.model.HostConfig h && h.networkMode() != null ? h.networkMode() : "";
    return new Target(String.valueOf(view.get("Id")), String.valueOf(view.get("Name")), live, pid, mode);
  }
}
