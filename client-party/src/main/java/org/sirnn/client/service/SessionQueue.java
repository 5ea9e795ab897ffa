package org.sirnn.client.service;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission of Predict sessions in arrival order: at most {@code maxSessions} run at once, each on a thread of a pool
 * of that size; up to {@code maxQueued} more wait, first come first served, each within its caller's deadline (a call
 * whose caller gives up while it waits is {@link Ticket#withdraw() withdrawn}). A call is refused with
 * {@code RESOURCE_EXHAUSTED} only when the queue is full, or when the sessions queued ahead of it plus its own, at the
 * session times seen so far for their models, would outlast its deadline.
 *
 * <p>Thread-safe; one per service.
 */
final class SessionQueue {
  /** Weight of the newest session time in a model's running estimate. */
  private static final double EWMA_WEIGHT = 0.3;

  private final int maxSessions;
  private final int maxQueued;
  private final ThreadPoolExecutor pool;
  /** Admitted and not yet released: running plus waiting. */
  private final AtomicInteger held = new AtomicInteger();
  private final AtomicInteger waiting = new AtomicInteger();
  /** Sum of the estimated session times of the waiting calls. */
  private final AtomicLong waitingNanos = new AtomicLong();
  /** Running estimate of a session's time per model (models come from the repository: a bounded set). */
  private final Map<String, Long> estimates = new ConcurrentHashMap<>();

  SessionQueue(int maxSessions, int maxQueued) {
    if (maxSessions < 1 || maxQueued < 0) {
      throw new IllegalArgumentException("session queue needs maxSessions >= 1 and maxQueued >= 0, got "
          + maxSessions + ", " + maxQueued);
    }
    this.maxSessions = maxSessions;
    this.maxQueued = maxQueued;
    AtomicInteger ids = new AtomicInteger();
    // FIFO and unbounded: admission (held) bounds it; a thread still finishing a session never refuses work
    this.pool = new ThreadPoolExecutor(maxSessions, maxSessions, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, "predict-" + ids.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.pool.allowCoreThreadTimeOut(true);
  }

  /** Sessions running now. */
  int running() {
    return pool.getActiveCount();
  }

  /** Calls waiting for a session slot now. */
  int waiting() {
    return waiting.get();
  }

  /**
   * Takes a place for a session of {@code model}, or refuses it.
   *
   * @param callerDeadline the caller's deadline, or null
   * @throws StatusException RESOURCE_EXHAUSTED saying whether the queue is full or the deadline cannot be met
   */
  Ticket admit(String model, Deadline callerDeadline) throws StatusException {
    long estimate = estimates.getOrDefault(model, 0L);
    while (true) {
      int h = held.get();
      if (h >= maxSessions + maxQueued) {
        throw Status.RESOURCE_EXHAUSTED.withDescription("client-party's queue is full: " + maxSessions
            + " sessions are running and " + Math.max(0, h - maxSessions) + " calls wait (--max-sessions "
            + maxSessions + ", --max-queued " + maxQueued + "); retry later").asException();
      }
      if (h >= maxSessions && callerDeadline != null) {
        long ahead = waitingNanos.get() / maxSessions;
        long left = callerDeadline.timeRemaining(TimeUnit.NANOSECONDS);
        if (ahead + estimate > left) {
          throw Status.RESOURCE_EXHAUSTED.withDescription("the call's deadline cannot be met: " + waiting.get()
              + " calls wait ahead (about " + millis(ahead) + " ms at recent session times) and this session"
              + " takes about " + millis(estimate) + " ms, but the deadline leaves " + millis(left) + " ms")
              .asException();
        }
      }
      if (held.compareAndSet(h, h + 1)) {
        return new Ticket(estimate);
      }
    }
  }

  /** Counts a finished session's time into its model's estimate. */
  void record(String model, long sessionNanos) {
    estimates.merge(model, sessionNanos, (old, now) -> Math.round(old * (1 - EWMA_WEIGHT) + now * EWMA_WEIGHT));
  }

  /** Stops taking sessions and interrupts the running ones after {@code grace}. */
  void shutdown(Duration grace) {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /** One admitted call's place: waiting, then running, until released. */
  final class Ticket implements Runnable {
    private static final int WAITING = 0;
    private static final int RUNNING = 1;
    private static final int WITHDRAWN = 2;

    private final long estimate;
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private final AtomicInteger released = new AtomicInteger();
    private volatile Runnable session;

    private Ticket(long estimate) {
      this.estimate = estimate;
    }

    /**
     * Queues {@code session}; it runs when a slot is free, unless withdrawn first.
     *
     * @throws StatusException UNAVAILABLE when the service is shutting down
     */
    void execute(Runnable session) throws StatusException {
      this.session = session;
      waiting.incrementAndGet();
      waitingNanos.addAndGet(estimate);
      try {
        pool.execute(this);
      } catch (RejectedExecutionException e) {
        leaveQueue();
        release();
        throw Status.UNAVAILABLE.withDescription("client-party is shutting down").asException();
      }
    }

    @Override
    public void run() {
      if (!state.compareAndSet(WAITING, RUNNING)) {
        return; // withdrawn while it waited
      }
      leaveQueue();
      try {
        session.run();
      } finally {
        release();
      }
    }

    /**
     * Takes the call out of the queue if it has not started yet (its caller gave up).
     *
     * @return true if withdrawn: the session will not run and the caller must be answered here
     */
    boolean withdraw() {
      if (!state.compareAndSet(WAITING, WITHDRAWN)) {
        return false;
      }
      pool.remove(this);
      leaveQueue();
      release();
      return true;
    }

    /** Gives the place back (once); the next waiting call may then start. */
    void release() {
      if (released.compareAndSet(0, 1)) {
        held.decrementAndGet();
      }
    }

    private void leaveQueue() {
      waiting.decrementAndGet();
      waitingNanos.addAndGet(-estimate);
    }
  }
}
