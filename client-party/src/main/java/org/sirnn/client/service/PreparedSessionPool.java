package org.sirnn.client.service;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import org.sirnn.nn.runtime.PreparedSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline phase of {@code client-party serve} (issue 18, item 4): a pool of sessions with server-party whose
 * input-independent setup (base OTs; with Ferret the bootstrap) already ran, kept topped up by one background thread.
 * A Predict takes one ({@link #take}) and runs only its online part; each pooled session serves one inference and is
 * then gone, so no correlation is ever reused across sessions. A session older than {@code maxAge} is retired
 * unused (server-party waits at most its {@code --session-timeout} for the header) and replaced. When the pool is
 * empty the caller opens a session as usual: the pool only ever saves time.
 *
 * <p>Pooled sessions hold server-party session slots: size the pool below server-party's {@code --max-sessions}.
 */
public final class PreparedSessionPool implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PreparedSessionPool.class);

  private final int size;
  private final long maxAgeMillis;
  private final Supplier<PreparedSession> factory;
  private final Deque<PreparedSession> ready = new ArrayDeque<>();
  private final Thread filler;
  private volatile boolean running = true;
  private long made;
  private long taken;
  private long retired;
  private long failures;
  private double setupMillis;
  private long setupBytes;

  /**
   * @param size sessions kept ready
   * @param maxAge age at which an unused session is retired
   * @param factory opens and prepares one session (throws when server-party is unreachable or refuses)
   */
  public PreparedSessionPool(int size, Duration maxAge, Supplier<PreparedSession> factory) {
    if (size < 1) {
      throw new IllegalArgumentException("pool size must be >= 1, got " + size);
    }
    this.size = size;
    this.maxAgeMillis = maxAge.toMillis();
    this.factory = factory;
    this.filler = new Thread(this::fill, "session-pool");
    this.filler.setDaemon(true);
  }

  /** Starts topping up in the background. */
  public PreparedSessionPool start() {
    filler.start();
    return this;
  }

  /** A prepared session for one inference, or null when none is ready (then open one as usual). */
  public PreparedSession take() {
    synchronized (this) {
      while (!ready.isEmpty()) {
        PreparedSession s = ready.pollFirst();
        if (s.ageMillis() < maxAgeMillis) {
          taken++;
          notifyAll();
          return s;
        }
        retire(s);
      }
      notifyAll();
      return null;
    }
  }

  private void retire(PreparedSession s) {
    retired++;
    s.close();
  }

  private void fill() {
    long backoff = 500;
    while (running) {
      PreparedSession fresh = null;
      synchronized (this) {
        ready.removeIf(s -> {
          if (s.ageMillis() >= maxAgeMillis) {
            retire(s);
            return true;
          }
          return false;
        });
        if (ready.size() >= size) {
          try {
            wait(Math.max(50, maxAgeMillis / 4));
          } catch (InterruptedException e) {
            return;
          }
          continue;
        }
      }
      try {
        fresh = factory.get();
        backoff = 500;
      } catch (RuntimeException e) {
        synchronized (this) {
          failures++;
        }
        log.warn("session pool: cannot prepare a session ({}); retrying in {} ms", e.getMessage(), backoff);
        sleep(backoff);
        backoff = Math.min(30_000, backoff * 2);
        continue;
      }
      synchronized (this) {
        if (!running) {
          fresh.close();
          return;
        }
        made++;
        setupMillis += fresh.setupMillis();
        setupBytes += fresh.setupTraffic().bytes();
        ready.addLast(fresh);
        notifyAll();
      }
    }
  }

  private void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      running = false;
    }
  }

  /** Sessions ready now. */
  public synchronized int ready() {
    return ready.size();
  }

  /** Counters so far: made, taken, retired unused, failed attempts, and the offline cost per made session. */
  public synchronized Stats stats() {
    return new Stats(made, taken, retired, failures, made == 0 ? 0 : setupMillis / made,
        made == 0 ? 0 : setupBytes / made);
  }

  /** Pool counters. */
  public record Stats(long made, long taken, long retired, long failures, double setupMillisPerSession,
      long setupBytesPerSession) {}

  /** Waits until at least {@code n} sessions are ready or the timeout passes; true when they are. */
  public synchronized boolean awaitReady(int n, Duration timeout) throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    while (ready.size() < n) {
      long left = until - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** Stops topping up and ends every ready session. */
  @Override
  public void close() {
    running = false;
    filler.interrupt();
    synchronized (this) {
      while (!ready.isEmpty()) {
        retire(ready.pollFirst());
      }
      notifyAll();
    }
  }
}
