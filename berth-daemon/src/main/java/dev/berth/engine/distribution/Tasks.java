package dev.berth.engine.distribution;

import dev.berth.engine.error.SystemError;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Joins a layer task (download or upload), rethrowing its failure as it was thrown. */
final class Tasks {
  private Tasks() {}

  static void await(Future<?> task) throws IOException {
    if (task == null) {
      return;
    }
    try {
      task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case IOException io -> throw io;
        case RuntimeException re -> throw re;
        default -> throw new SystemError(e.getCause().toString(), e.getCause());
      }
    }
  }
}
