package dev.berth.engine.container;

import dev.berth.model.HostConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One container in memory. Readers take {@link #record()} without locking (a volatile immutable
 * value), so {@code ps} never waits behind a slow operation. {@link #operations} serializes the
 * slow operations of this container only (start, stop, remove …); state changes happen under this
 * object's monitor and are short.
 */
final class Container {
  final String id;
  final ReentrantLock operations = new ReentrantLock();
  /** Held while a start runs and while an exit is recorded, so an early exit waits for its start. */
  final ReentrantLock runLock = new ReentrantLock();
  private volatile ContainerRecord record;
  private volatile HostConfig hostConfig;
  private volatile boolean removing;
  private volatile Health health;
  private CompletableFuture<Integer> nextExit = new CompletableFuture<>();
  private final CompletableFuture<Integer> removed = new CompletableFuture<>();
  private final List<AttachSession> pendingAttach = new ArrayList<>();
  private boolean attachable;

  Container(ContainerRecord record, HostConfig hostConfig) {
    this.id = record.id();
    this.record = record;
    this.hostConfig = hostConfig;
    this.attachable = record.state().running();
  }

  ContainerRecord record() {
    return record;
  }

  HostConfig hostConfig() {
    return hostConfig;
  }

  boolean running() {
    return record.state().running();
  }

  /** The health-check state (in memory), null without a health check. */
  Health health() {
    return health;
  }

  void health(Health h) {
    health = h;
  }

  boolean removing() {
    return removing;
  }

  synchronized void update(ContainerRecord r) {
    record = r;
  }

  synchronized void updateHostConfig(HostConfig hc) {
    hostConfig = hc;
  }

  /** Marks removal in progress; false when another removal already is. */
  synchronized boolean beginRemoval() {
    if (removing) return false;
    removing = true;
    return true;
  }

  synchronized void endRemoval() {
    removing = false;
  }

  /** Completes when the current (or next) run has exited and been cleaned up, with its exit code. */
  synchronized CompletableFuture<Integer> nextExit() {
    return nextExit;
  }

  /** Records the exit: wakes the waiters of this run and arms the next one. */
  synchronized void exited(ContainerRecord r) {
    record = r;
    attachable = false;
    var done = nextExit;
    nextExit = new CompletableFuture<>();
    done.complete(r.state().exitCode());
  }

  CompletableFuture<Integer> removed() {
    return removed;
  }

  /**
   * Queues an attach that connects when the runtime has created the process; returns false when
   * that has happened already (connect now).
   */
  synchronized boolean queueAttach(AttachSession s) {
    if (attachable) return false;
    pendingAttach.add(s);
    return true;
  }

  /** The runtime created the process: later attaches connect at once; returns the queued ones. */
  synchronized List<AttachSession> openForAttach() {
    attachable = true;
    var out = List.copyOf(pendingAttach);
    pendingAttach.clear();
    return out;
  }

  /** The start failed before the process ran: returns the attaches still queued, to be ended. */
  synchronized List<AttachSession> closeForAttach() {
    attachable = false;
    var out = List.copyOf(pendingAttach);
    pendingAttach.clear();
    return out;
  }

  synchronized void dropAttach(AttachSession s) {
    pendingAttach.remove(s);
  }
}
