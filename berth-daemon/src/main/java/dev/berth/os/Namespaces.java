package dev.berth.os;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Work done inside another network namespace. setns(2) changes only the calling OS thread, so the
 * work runs on a fresh platform thread that enters the namespace, runs, goes back and ends: never on
 * a virtual thread (its carrier would stay in the namespace) and never on a pooled thread. Sockets
 * opened there stay in that namespace after the thread is gone, which is what the work is for.
 */
public final class Namespaces {
  private static final int CLONE_NEWNET = 0x40000000;

  private Namespaces() {}

  /** Runs {@code work} in the network namespace of {@code nsFile} (an nsfs file or /proc/PID/ns/net). */
  public static <T> T inNetNamespace(Path nsFile, Callable<T> work) throws IOException {
    var result = new AtomicReference<T>();
    var failure = new AtomicReference<Throwable>();
    var thread = Thread.ofPlatform().name("netns-" + nsFile.getFileName()).start(() -> {
      try {
        result.set(enterAndRun(nsFile, work));
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted entering " + nsFile, e);
    }
    var t = failure.get();
    if (t instanceof IOException io) throw io;
    if (t instanceof RuntimeException r) throw r;
    if (t instanceof Error e) throw e;
    if (t != null) throw new IOException(t.getMessage(), t);
    return result.get();
  }

  private static <T> T enterAndRun(Path nsFile, Callable<T> work) throws Exception {
    int own = Native.open("/proc/thread-self/ns/net", Native.O_RDONLY);
    try {
      int target = Native.open(nsFile.toString(), Native.O_RDONLY);
      try {
        Native.setns(target, CLONE_NEWNET);
      } finally {
        Native.close(target);
      }
      try {
        return work.call();
      } finally {
        Native.setns(own, CLONE_NEWNET);
      }
    } finally {
      Native.close(own);
    }
  }
}
