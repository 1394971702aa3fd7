package dev.berth.engine.container;

import dev.berth.runtime.ContainerIo;
import dev.berth.runtime.CreateRequest;
import dev.berth.runtime.RuntimeService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/** A runtime in memory: processes "exit" when a test says so or on a signal in {@link #fatal}. */
final class FakeRuntime implements RuntimeService {
  final Map<String, CreateRequest> created = new ConcurrentHashMap<>();
  final Set<String> running = ConcurrentHashMap.newKeySet();
  final Map<String, Integer> exitCodes = new ConcurrentHashMap<>();
  final List<String> signals = new CopyOnWriteArrayList<>();
  final List<String> deleted = new CopyOnWriteArrayList<>();
  final Map<String, BlockingQueue<ContainerIo.Chunk>> outputs = new ConcurrentHashMap<>();
  final Set<Integer> fatal = ConcurrentHashMap.newKeySet();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  volatile String failCreate;

  FakeRuntime() {
    fatal.add(9);
    fatal.add(15);
  }

  @Override
  public int create(CreateRequest request) {
    if (failCreate != null) throw new dev.berth.engine.error.SystemError(failCreate);
    created.put(request.id(), request);
    exitCodes.remove(request.id());
    outputs.put(request.id(), new LinkedBlockingQueue<>());
    return 4242;
  }

  @Override
  public void start(String id) {
    running.add(id);
  }

  @Override
  public void kill(String id, int signal) {
    if (!running.contains(id)) throw new IllegalStateException("not running");
    signals.add(id + ":" + signal);
    if (fatal.contains(signal)) exit(id, 128 + signal);
  }

  /** The process exits with {@code code}: output ends, the exit file appears, listeners hear of it. */
  void exit(String id, int code) {
    exitQuietly(id, code);
    for (var l : listeners) l.accept(id);
  }

  /** As {@link #exit} but nobody is told (the daemon was down). */
  void exitQuietly(String id, int code) {
    running.remove(id);
    exitCodes.put(id, code);
    var q = outputs.get(id);
    if (q != null) q.add(new ContainerIo.Chunk(0, new byte[0]));
  }

  void output(String id, int stream, String text) {
    outputs.get(id).add(new ContainerIo.Chunk(stream, text.getBytes()));
  }

  @Override
  public void delete(String id) {
    deleted.add(id);
    running.remove(id);
  }

  /** Every container created and not deleted since (the runtime state an earlier daemon left too). */
  @Override
  public List<String> ids() {
    return created.keySet().stream().filter(id -> !deleted.contains(id)).sorted().toList();
  }

  @Override
  public OptionalInt exitCode(String id) {
    var c = exitCodes.get(id);
    return c == null ? OptionalInt.empty() : OptionalInt.of(c);
  }

  @Override
  public boolean monitorAlive(String id) {
    return running.contains(id);
  }

  @Override
  public ContainerIo attach(String id) {
    var q = outputs.get(id);
    if (q == null) throw new IllegalStateException("no container " + id);
    return new ContainerIo() {
      final List<byte[]> stdin = new ArrayList<>();

      @Override
      public Chunk read() throws IOException {
        try {
          var c = q.take();
          return c.stream() == 0 ? null : c;
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
      }

      @Override
      public void write(byte[] data, int offset, int length) {
        stdin.add(java.util.Arrays.copyOfRange(data, offset, offset + length));
      }

      @Override
      public void closeStdin() {}

      @Override
      public void close() {}
    };
  }

  @Override
  public void resize(String id, int height, int width) {}

  @Override
  public void onExit(Consumer<String> listener) {
    listeners.add(listener);
  }
}
