package org.sirnn.net.grpc;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.ProtocolAbortException.Reason;

/**
 * Admission of PartyLink sessions on the server: at most {@code maxSessions} at once (a session beyond that is
 * refused at once, never queued), their estimated memory within a budget, and none running longer than the session
 * deadline. Every refusal is {@link Reason#BUSY} (gRPC {@code RESOURCE_EXHAUSTED}) with a text that starts with
 * {@link ProtocolAbortException#BUSY_PREFIX} and names the limit and the option that sets it.
 *
 * <p>Thread-safe; one gate per server.
 */
public final class SessionGate {
  /** A gate without limits (tests, embedded loopback servers). */
  public static SessionGate unlimited() {
    return new SessionGate(Integer.MAX_VALUE, Long.MAX_VALUE, null);
  }

  private final int maxSessions;
  private final Semaphore slots;
  private final long memoryBudget;
  private final AtomicLong memoryReserved = new AtomicLong();
  private final Duration sessionDeadline;
  private final ScheduledExecutorService timer;

  /**
   * @param maxSessions sessions run at once
   * @param memoryBudgetBytes sum of the estimated memory of the sessions running at once
   * @param sessionDeadline longest a session may run, or null for no limit
   */
  public SessionGate(int maxSessions, long memoryBudgetBytes, Duration sessionDeadline) {
    if (maxSessions < 1 || memoryBudgetBytes < 1) {
      throw new IllegalArgumentException("session gate needs maxSessions >= 1 and a positive memory budget, got "
          + maxSessions + ", " + memoryBudgetBytes);
    }
    if (sessionDeadline != null && (sessionDeadline.isNegative() || sessionDeadline.isZero())) {
      throw new IllegalArgumentException("session deadline must be positive, got " + sessionDeadline);
    }
    this.maxSessions = maxSessions;
    this.slots = new Semaphore(maxSessions);
    this.memoryBudget = memoryBudgetBytes;
    this.sessionDeadline = sessionDeadline;
    this.timer = sessionDeadline == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "session-deadlines");
      t.setDaemon(true);
      return t;
    });
  }

  /** A session's hold on the gate: one slot, then its reserved memory and its deadline timer. */
  public final class Ticket implements AutoCloseable {
    private long reserved;
    private ScheduledFuture<?> deadline;
    private boolean closed;

    private Ticket() {}

    /**
     * Reserves {@code bytes} of the memory budget for this session or refuses it (BUSY) naming the budget.
     *
     * @param what the session, for the message (e.g. "model heads, batch 1")
     */
    public synchronized void reserve(long bytes, String what) {
      if (bytes <= 0) {
        return;
      }
      while (true) {
        long now = memoryReserved.get();
        if (bytes > memoryBudget - now) {
          throw new ProtocolAbortException(Reason.BUSY, ProtocolAbortException.BUSY_PREFIX + what + " needs about "
              + mib(bytes) + " MiB of memory; " + mib(Math.max(0, memoryBudget - now)) + " MiB of the budget of "
              + mib(memoryBudget) + " MiB are free (--memory-budget)");
        }
        if (memoryReserved.compareAndSet(now, now + bytes)) {
          reserved += bytes;
          return;
        }
      }
    }

    /** Runs {@code onDeadline} when the session deadline passes before {@link #close}. */
    public synchronized void startDeadline(Runnable onDeadline) {
      if (timer != null && !closed) {
        deadline = timer.schedule(onDeadline, sessionDeadline.toNanos(), TimeUnit.NANOSECONDS);
      }
    }

    /** Frees the slot, the memory and the timer; idempotent. */
    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (deadline != null) {
        deadline.cancel(false);
      }
      memoryReserved.addAndGet(-reserved);
      reserved = 0;
      slots.release();
    }
  }

  /** Takes a slot, or refuses at once (BUSY) when all are in use. */
  public Ticket enter() {
    if (!slots.tryAcquire()) {
      throw new ProtocolAbortException(Reason.BUSY, ProtocolAbortException.BUSY_PREFIX + "all " + maxSessions
          + " session slots are in use (--max-sessions " + maxSessions + ")");
    }
    return new Ticket();
  }

  /** The session deadline, or null. */
  public Duration sessionDeadline() {
    return sessionDeadline;
  }

  /** Sessions running now. */
  public int active() {
    return maxSessions == Integer.MAX_VALUE ? 0 : maxSessions - slots.availablePermits();
  }

  /** Estimated memory reserved by the running sessions. */
  public long memoryReserved() {
    return memoryReserved.get();
  }

  /** The memory budget. */
  public long memoryBudget() {
    return memoryBudget;
  }

  private static long mib(long bytes) {
    return (bytes + (1 << 20) - 1) >> 20;
  }
}
