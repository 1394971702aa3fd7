package dev.berth.engine.container;

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

/** moby wraps some errors with context ({@code errors.Wrapf}) and keeps their kind; so does this. */
final class Errors {
  private Errors() {}

  static EngineException prefixed(String prefix, RuntimeException failure) {
    if (!(failure instanceof EngineException e)) {
      var msg = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
      return new SystemError(prefix + msg, failure);
    }
    var msg = prefix + e.getMessage();
    return switch (e) {
      case NotFound x -> new NotFound(msg, x);
      case Conflict x -> new Conflict(msg, x);
      case InvalidArgument x -> new InvalidArgument(msg, x);
      case Forbidden x -> new Forbidden(msg, x);
      case Unauthorized x -> new Unauthorized(msg, x);
      case Unavailable x -> new Unavailable(msg, x);
      case NotImplemented x -> new NotImplemented(msg, x);
      case SystemError x -> new SystemError(msg, x);
      case NotModified x -> x;
    };
  }

  static Conflict notRunning(String id) {
    return new Conflict("container " + id + " is not running");
  }
}
