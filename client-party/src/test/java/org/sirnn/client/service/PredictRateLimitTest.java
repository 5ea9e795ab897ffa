package org.sirnn.client.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link PredictRateLimit} on a fake clock. */
class PredictRateLimitTest {
  private final AtomicLong now = new AtomicLong(1_000);

  @Test
  void aCallerBurstsUpToTheLimit_thenRefillsAtTheRate() {
    PredictRateLimit limit = new PredictRateLimit(3, 100, now::get);
    assertTrue(limit.tryAcquire("a"));
    assertTrue(limit.tryAcquire("a"));
    assertTrue(limit.tryAcquire("a"));
    assertFalse(limit.tryAcquire("a"));
    assertTrue(limit.tryAcquire("b"), "callers are counted apart");
    now.addAndGet(TimeUnit.SECONDS.toNanos(20)); // a third of a minute: one call back
    assertTrue(limit.tryAcquire("a"));
    assertFalse(limit.tryAcquire("a"));
  }

  @Test
  void zeroIsNoLimit() {
    PredictRateLimit off = new PredictRateLimit(0, 1, now::get);
    for (int i = 0; i < 10_000; i++) {
      assertTrue(off.tryAcquire("c" + i));
    }
    assertEquals(0, off.tracked());
  }

  @Test
  void memoryIsBounded_idleCallersAreEvicted_newcomersBeyondTheBoundShareOneBucket() {
    PredictRateLimit limit = new PredictRateLimit(2, 10, now::get);
    for (int i = 0; i < 1_000; i++) {
      limit.tryAcquire("caller-" + i);
    }
    assertTrue(limit.tracked() <= 11, "tracked " + limit.tracked());
    // the newcomers beyond the bound share one bucket of 2
    assertFalse(limit.tryAcquire("caller-999"));
    now.addAndGet(TimeUnit.MINUTES.toNanos(2)); // everyone idle long enough to be full again
    assertTrue(limit.tryAcquire("someone-new"));
    assertTrue(limit.tracked() <= 2, "idle callers evicted, tracked " + limit.tracked());
  }
}
