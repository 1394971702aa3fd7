package dev.berth.runtime;

import dev.berth.os.SeqPacketSocket;
import java.io.IOException;
import java.util.Arrays;

/**
 * A client of conmon's SEQPACKET attach socket. Each packet from conmon is one byte of pipe id
 * (2 = stdout, 3 = stderr) and the data; packets to conmon are raw stdin bytes. A platform thread
 * reads the socket (a blocking native read would pin a virtual thread's carrier) into a small
 * queue, so {@link #read} blocks callers on virtual threads cheaply and applies back-pressure.
 */
final class ConmonIo implements ContainerIo {
  private static final int STDOUT_PIPE = 2;
  private static final int STDERR_PIPE = 3;
  private static final int PACKET = 8192 + 1;

  private final SeqPacketSocket socket;
  private final ChunkQueue chunks = new ChunkQueue(64);

  ConmonIo(SeqPacketSocket socket, String id) {
    this.socket = socket;
    Thread.ofPlatform().daemon().name("berth-attach-" + id.substring(0, Math.min(12, id.length())))
        .start(this::pump);
  }

  private void pump() {
    var buf = new byte[PACKET];
    IOException last = null;
    try {
      while (true) {
        int n = socket.read(buf);
        if (n < 0) break;
        if (n < 1) continue;
        int stream = switch (buf[0]) {
          case STDOUT_PIPE -> 1;
          case STDERR_PIPE -> 2;
          default -> 0;
        };
        if (stream == 0 || n == 1) continue;
        chunks.put(new Chunk(stream, Arrays.copyOfRange(buf, 1, n)));
      }
    } catch (IOException e) {
      last = e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      chunks.finish(last); // close() empties the queue, so this cannot block forever
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public Chunk read() throws IOException {
    return chunks.take();
  }

  @Override
  public void write(byte[] data, int offset, int length) throws IOException {
    // conmon reads at most 8192 bytes per packet; larger writes are split
    for (int done = 0; done < length; ) {
      int n = Math.min(8192, length - done);
      socket.write(data, offset + done, n);
      done += n;
    }
  }

  @Override
  public void closeStdin() throws IOException {
    socket.shutdownOutput();
  }

  /**
   * Closes the connection; a reader blocked in {@link #read} (another thread) wakes with EOF. The
   * pump's own EOF may land before the clear, so one is offered after it.
   */
  @Override
  public void close() {
    socket.close();
    chunks.endNow();
  }
}
