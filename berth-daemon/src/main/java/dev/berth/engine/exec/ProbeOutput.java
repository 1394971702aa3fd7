package dev.berth.engine.exec;

import dev.berth.runtime.ContainerIo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A health probe's stdout and stderr together, kept up to a limit (moby {@code limitedBuffer}: the
 * first {@code max} bytes, and "..." after them when more came). Thread-safe.
 */
final class ProbeOutput {
  private final int max;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private boolean truncated;

  ProbeOutput(int max) {
    this.max = max;
  }

  synchronized void write(byte[] data) {
    int keep = Math.min(max - kept.size(), data.length);
    if (keep > 0) kept.write(data, 0, keep);
    if (keep < data.length) truncated = true;
  }

  /** Reads {@code io} to its end (the process exited, or the connection was closed). */
  void readAll(ContainerIo io) {
    try {
      for (var chunk = io.read(); chunk != null; chunk = io.read()) write(chunk.data());
    } catch (IOException e) {
      // closed under us: what came so far is the output
    }
  }

  @Override
  public synchronized String toString() {
    var out = kept.toString(StandardCharsets.UTF_8);
    return truncated ? out + "..." : out;
  }
}
