package dev.berth.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.runtime.ContainerIo;
import dev.berth.runtime.ExecProcess;
import dev.berth.runtime.ExecRequest;
import dev.berth.runtime.ExecRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjLongConsumer;
import org.junit.jupiter.api.Test;

/** Health probes as exec instances: output, limits, events, ExecIDs, and the kill at the timeout. */
class ExecServiceProbeTest {
  private static final String BOX = "b".repeat(64);

  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<Integer> kills = new CopyOnWriteArrayList<>();
  private final List<ExecRequest> requests = new CopyOnWriteArrayList<>();
  private volatile FakeProcess process;
  private ExecService service;

  private final ExecTargets targets = new ExecTargets() {
    @Override
    public Target find(String ref) {
      return new Target(BOX, true, false, false);
    }

    @Override
    public void event(String containerId, String action, Map<String, String> attributes) {
      events.add(action);
    }

    @Override
    public void onStop(ObjLongConsumer<String> listener) {}
  };

  /** A process that prints {@code output} and exits with {@code code}, or hangs (code null) until killed. */
  private final class FakeProcess implements ExecProcess {
    final LinkedBlockingQueue<ContainerIo.Chunk> out = new LinkedBlockingQueue<>();
    final CountDownLatch exited = new CountDownLatch(1);
    volatile int code;
    volatile List<String> execIdsWhileRunning;

    FakeProcess(String output, Integer code) {
      out.add(new ContainerIo.Chunk(1, output.getBytes(StandardCharsets.UTF_8)));
      if (code != null) exit(code);
    }

    void exit(int c) {
      code = c;
      out.add(new ContainerIo.Chunk(0, new byte[0]));
      exited.countDown();
    }

    @Override
    public int pid() {
      return 4242;
    }

    @Override
    public ContainerIo io() {
      return new ContainerIo() {
        @Override
        public Chunk read() throws IOException {
          try {
            var c = out.take();
            return c.stream() == 0 ? null : c;
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
        }

        @Override
        public void write(byte[] data, int offset, int length) {}

        @Override
        public void closeStdin() {}

        @Override
        public void close() {}
      };
    }

    @Override
    public OptionalInt awaitExit(Duration timeout) {
      execIdsWhileRunning = service.execIds(BOX);
      try {
        return exited.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(code) : OptionalInt.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return OptionalInt.empty();
      }
    }

    @Override
    public void kill(int signal) {
      kills.add(signal);
      exit(128 + signal);
    }

    @Override
    public void resize(int height, int width) {}

    @Override
    public void release() {}
  }

  private ExecService service(String output, Integer code) {
    ExecRuntime runtime = (request, attach) -> {
      requests.add(request);
      process = new FakeProcess(output, code);
      return process;
    };
    service = new ExecService(targets, runtime);
    return service;
  }

  @Test
  void aProbeIsAnExecInstanceWithItsEventsAndItsOutput() {
    var result = service("fine\n", 0).probe(BOX, List.of("/bin/sh", "-c", "true"), Duration.ofSeconds(5), 4096);
    assertThat(result.exitCode()).isZero();
    assertThat(result.output()).isEqualTo("fine\n");
    assertThat(result.timedOut()).isFalse();
    assertThat(events).containsExactly("exec_create: /bin/sh -c true", "exec_start: /bin/sh -c true", "exec_die");
    var r = requests.getFirst();
    assertThat(r.tty()).isFalse();
    assertThat(r.stdin()).isFalse();
    assertThat(r.user()).isEmpty(); // the container's own user, env and working dir
    assertThat(r.workingDir()).isEmpty();
    assertThat(process.execIdsWhileRunning).hasSize(1); // inspect lists a running probe, as dockerd
    assertThat(service.execIds(BOX)).isNull();
    assertThat(kills).isEmpty();
  }

  @Test
  void outputIsCutAtTheLimitWithAnEllipsis() {
    var result = service("x".repeat(5000), 1).probe(BOX, List.of("cat"), Duration.ofSeconds(5), 4096);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).isEqualTo("x".repeat(4096) + "...");
  }

  @Test
  void aProbeStillRunningAtItsTimeoutIsKilledAndReaped() {
    var result = service("partial", null).probe(BOX, List.of("sleep", "100"), Duration.ofMillis(50), 4096);
    assertThat(kills).containsExactly(9);
    assertThat(result.timedOut()).isTrue();
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(events).containsExactly("exec_create: sleep 100", "exec_start: sleep 100", "exec_die");
    assertThat(service.execIds(BOX)).isNull();
  }

  @Test
  void aProbeTheRuntimeCannotStartFailsWithTheRuntimesMessage() {
    ExecRuntime runtime = (request, attach) -> {
      throw new ExecRuntime.ExecFailed("exec failed: unable to start container process: exec: \"/nosuch\": stat /nosuch: no such file or directory");
    };
    service = new ExecService(targets, runtime);
    var result = service.probe(BOX, List.of("/nosuch"), Duration.ofSeconds(5), 4096);
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.output()).isEqualTo("OCI runtime exec failed: exec failed: unable to start container process: exec: "
        + "\"/nosuch\": stat /nosuch: no such file or directory: unknown");
    assertThat(service.execIds(BOX)).isNull();
  }
}
