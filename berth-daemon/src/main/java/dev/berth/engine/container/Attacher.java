package dev.berth.engine.container;

import dev.berth.engine.error.Conflict;
import dev.berth.engine.logs.LogQuery;
import dev.berth.engine.logs.LogReader;
import dev.berth.runtime.RuntimeService;
import java.io.IOException;

/** {@code POST /containers/{id}/attach}: the checks before the hijack, then the session (moby daemon/attach.go). */
final class Attacher {
  private final RuntimeService runtime;
  private final ContainerEvents events;
  private final LogReader logReader;

  Attacher(RuntimeService runtime, ContainerEvents events, LogReader logReader) {
    this.runtime = runtime;
    this.events = events;
    this.logReader = logReader;
  }

  /** @param ref the name or id as the client gave it (it shows in the error texts) */
  Attachment attach(Container c, String ref, AttachOptions options) {
    var state = c.record().state();
    if (state.paused()) throw new Conflict("container " + ref + " is paused, unpause the container before attach");
    if (state.restarting()) throw new Conflict("container " + ref + " is restarting, wait until the container is running");
    boolean tty = c.record().config().tty();
    return new Attachment() {
      @Override
      public boolean tty() {
        return tty;
      }

      @Override
      public void run(AttachStreams streams) throws IOException {
        stream(c, options, streams);
      }
    };
  }

  private void stream(Container c, AttachOptions o, AttachStreams streams) throws IOException {
    var file = ContainerLogging.file(c); // null: the none log driver keeps nothing to replay
    if (o.logs() && (o.stdout() || o.stderr()) && file != null) {
      logReader.read(file, LogQuery.all(o.stdout(), o.stderr()), e -> streams.write(e.stream(), e.line()), () -> false);
    }
    events.emit(c.record(), "attach");
    if (!o.stream()) return;
    var session = new AttachSession(c, o, streams, runtime, events);
    if (!c.queueAttach(session)) session.connect();
    session.awaitDone();
  }
}
