package dev.berth.engine.container;

import dev.berth.engine.error.InvalidArgument;

/** {@code POST /containers/{id}/wait?condition=}. */
public enum WaitCondition {
  NOT_RUNNING, NEXT_EXIT, REMOVED;

  /** Empty means {@code not-running}; anything unknown is moby's 400. */
  public static WaitCondition parse(String raw) {
    if (raw == null || raw.isEmpty()) return NOT_RUNNING;
    return switch (raw) {
      case "not-running" -> NOT_RUNNING;
      case "next-exit" -> NEXT_EXIT;
      case "removed" -> REMOVED;
      default -> throw new InvalidArgument("invalid condition: \"" + raw + "\"");
    };
  }
}
