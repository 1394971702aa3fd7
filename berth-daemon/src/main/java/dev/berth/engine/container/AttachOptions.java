package dev.berth.engine.container;

import dev.berth.engine.error.InvalidArgument;

/**
 * The {@code attach} query: which streams, whether to replay the log, whether to stream, and the
 * keys that detach a TTY session ({@code detachKeys}, Ctrl-P Ctrl-Q when empty).
 */
public record AttachOptions(boolean stdin, boolean stdout, boolean stderr, boolean logs, boolean stream,
    DetachKeys detachKeys) {
  public AttachOptions {
    if (detachKeys == null) detachKeys = DetachKeys.DEFAULT;
  }

  /**
   * Parses the {@code detachKeys} query value.
   *
   * @throws InvalidArgument {@code Invalid detach keys (…) provided}, checked before the container is looked up (moby daemon/attach.go)
   */
  public static DetachKeys detachKeys(String spec) {
    try {
      return DetachKeys.parse(spec);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgument("Invalid detach keys (" + spec + ") provided");
    }
  }
}
