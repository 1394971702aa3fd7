package dev.berth.engine.plugin;

/**
 * A plugin call failed: it answered with a non-200 status ({@link #status()} set) or could not be
 * reached ({@link #status()} 0). The message is dockerd's {@code <Method>: <error>}.
 */
public final class PluginException extends RuntimeException {
  private final int status;

  PluginException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
