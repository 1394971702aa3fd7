package dev.berth.api.stream;

import dev.berth.api.server.Response;
import dev.berth.engine.container.AttachStreams;
import java.io.IOException;
import java.io.InputStream;

/**
 * Serves a hijacked stdio session (container attach, exec start): the client's bytes become the
 * process's stdin, its output goes back framed (8-byte stdcopy headers) unless it has a TTY. The
 * connection is closed when the session returns.
 */
public final class HijackedStdio {
  private HijackedStdio() {}

  /** The engine side of a session: runs until the process is done with its stdio. */
  @FunctionalInterface
  public interface Session {
    void run(AttachStreams streams) throws IOException;
  }

  /** @param typedStreams the client speaks API 1.42+ (multiplexed-stream content type when not a TTY) */
  public static void serve(Response res, boolean tty, boolean typedStreams, Session session) throws IOException {
    var hijacked = res.hijack(StdStreamWriter.contentType(tty, typedStreams));
    try {
      var out = new StdStreamWriter(hijacked.out(), !tty);
      session.run(new AttachStreams() {
        @Override
        public InputStream stdin() {
          return hijacked.in();
        }

        @Override
        public void write(int stream, byte[] data) throws IOException {
          out.write(stream, data);
        }
      });
    } finally {
      hijacked.close();
    }
  }
}
