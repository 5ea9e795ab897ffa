package org.sirnn.client.service;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Per-caller limit of Predict calls: a token bucket per caller that holds at most {@code perMinute} tokens and
 * refills at {@code perMinute} per minute, so a caller may burst up to a minute's allowance and then sustain the
 * rate. Memory is bounded: a bucket idle long enough to be full again is the same as a new one and is evicted; when
 * more than {@code maxCallers} callers are active at once, the newcomers share one overflow bucket.
 *
 * <p>Thread-safe.
 */
public final class PredictRateLimit {
  /** Callers tracked one by one before newcomers share the overflow bucket. */
  public static final int DEFAULT_MAX_CALLERS = 10_000;
  /** Name of the bucket the callers beyond {@code maxCallers} share. */
  static final String OVERFLOW = "(callers beyond the tracked ones)";

  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

  private final int perMinute;
  private final int maxCallers;
  private final LongSupplier clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private volatile long lastSweep;

  /** @param perMinute calls per caller and minute; 0 turns the limit off */
  public PredictRateLimit(int perMinute) {
    this(perMinute, DEFAULT_MAX_CALLERS, System::nanoTime);
  }

  PredictRateLimit(int perMinute, int maxCallers, LongSupplier nanoClock) {
    if (perMinute < 0 || maxCallers < 1) {
      throw new IllegalArgumentException("rate limit needs perMinute >= 0 (0 = off) and maxCallers >= 1, got "
          + perMinute + ", " + maxCallers);
    }
    this.perMinute = perMinute;
    this.maxCallers = maxCallers;
    this.clock = nanoClock;
    this.lastSweep = nanoClock.getAsLong();
  }

  /** Calls per caller and minute; 0 = off. */
  public int perMinute() {
    return perMinute;
  }

  /** Takes one call from {@code caller}'s allowance; false when it has none left now. */
  public boolean tryAcquire(String caller) {
    if (perMinute == 0) {
      return true;
    }
    long now = clock.getAsLong();
    if (now - lastSweep >= MINUTE || buckets.size() >= maxCallers) {
      evictIdle(now);
    }
    Bucket b = buckets.get(caller);
    if (b == null) {
      b = buckets.size() < maxCallers ? buckets.computeIfAbsent(caller, c -> new Bucket(now))
          : buckets.computeIfAbsent(OVERFLOW, c -> new Bucket(now));
    }
    return b.take(now);
  }

  /** Callers tracked now (for tests and metrics). */
  int tracked() {
    return buckets.size();
  }

  private void evictIdle(long now) {
    lastSweep = now;
    for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
      if (it.next().fullAt(now)) {
        it.remove();
      }
    }
  }

  /** One caller's tokens. */
  private final class Bucket {
    private double tokens = perMinute;
    private long last;

    Bucket(long now) {
      last = now;
    }

    synchronized boolean take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }

    /** True when the bucket has refilled completely, i.e. is no different from a new one. */
    synchronized boolean fullAt(long now) {
      refill(now);
      return tokens >= perMinute;
    }

    private void refill(long now) {
      long elapsed = now - last;
      if (elapsed > 0) {
        tokens = Math.min(perMinute, tokens + (double) elapsed * perMinute / MINUTE);
        last = now;
      }
    }
  }
}
