package dev.berth.engine.build;

/**
 * Where a build's progress goes, as the JSON stream dockerd's classic builder sends: {@code
 * {"stream":…}} text, {@code {"aux":{"ID":…}}} and a failing step's error with its exit code.
 * Called from the build's thread only.
 */
public interface BuildOutput {
  void stream(String text);

  void aux(String imageId);

  /** {@code {"errorDetail":{"code":…,"message":…},"error":…}}: a RUN step exited non-zero. */
  void failed(String message, int code);
}
