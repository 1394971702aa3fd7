package dev.berth.engine.volume;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks by volume name: operations on one volume are serialized, while a slow plugin call
 * on one volume rarely blocks another. Bounded memory however many anonymous volumes come and go.
 */
final class NameLocks {
  private final ReentrantLock[] stripes = new ReentrantLock[64];

  NameLocks() {
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** Locks {@code name}; close the result to unlock. Reentrant. */
  Held lock(String name) {
    var lock = stripes[Math.floorMod(name.hashCode(), stripes.length)];
    lock.lock();
    return lock::unlock;
  }

  interface Held extends AutoCloseable {
    @Override
    void close();
  }
}
