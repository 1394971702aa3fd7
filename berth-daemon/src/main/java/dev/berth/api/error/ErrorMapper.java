package dev.berth.api.error;

import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.EngineException;
import dev.berth.engine.error.Forbidden;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.NotImplemented;
import dev.berth.engine.error.NotModified;
import dev.berth.engine.error.SystemError;
import dev.berth.engine.error.Unauthorized;
import dev.berth.engine.error.Unavailable;

/**
 * The one place that turns a failure into an HTTP status, as moby's {@code httpstatus} does: the
 * engine's error kinds map to their status; anything else is a 500 that carries the message only
 * (the caller logs the stack trace, the client never sees it).
 */
public final class ErrorMapper {
  private ErrorMapper() {}

  /** What the client gets for {@code failure}; {@code message} is null for 304 (empty body). */
  public record ErrorReply(int status, String message, boolean unexpected) {}

  public static ErrorReply map(Throwable failure) {
    if (failure instanceof EngineException kind) {
      return switch (kind) {
        case NotFound e -> reply(404, e);
        case InvalidArgument e -> reply(400, e);
        case Conflict e -> reply(409, e);
        case Unauthorized e -> reply(401, e);
        case Forbidden e -> reply(403, e);
        case Unavailable e -> reply(503, e);
        case NotModified e -> new ErrorReply(304, null, false);
        case NotImplemented e -> reply(501, e);
        case SystemError e -> reply(500, e);
      };
    }
    var message = failure.getMessage();
    if (message == null || message.isBlank()) {
      message = failure.getClass().getSimpleName();
    }
    return new ErrorReply(500, message, true);
  }

  private static ErrorReply reply(int status, EngineException e) {
    return new ErrorReply(status, e.getMessage() == null ? "" : e.getMessage(), false);
  }
}
