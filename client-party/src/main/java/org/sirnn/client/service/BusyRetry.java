package org.sirnn.client.service;

import io.grpc.Context;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.ProtocolAbortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a session to server-party and, when server-party refuses it as busy ({@link ProtocolAbortException.Reason#BUSY}
 * while opening: no protocol message was exchanged), tries again after a short jittered backoff (from
 * {@value #FIRST_BACKOFF_MILLIS} ms, doubling up to {@value #MAX_BACKOFF_MILLIS} ms) for as long as the deadline leaves
 * room. Any other failure, and a BUSY refusal once the deadline is near, ends the attempts. Stops when the current
 * gRPC {@link Context} is cancelled.
 */
final class BusyRetry {
  private static final Logger log = LoggerFactory.getLogger(BusyRetry.class);

  static final long FIRST_BACKOFF_MILLIS = 10;
  static final long MAX_BACKOFF_MILLIS = 200;
  /** Least time an attempt needs to be worth starting. */
  private static final long MIN_ATTEMPT_MILLIS = 50;

  private BusyRetry() {}

  /** One attempt to open the session within {@code deadline}. */
  interface Opener {
    FrameChannel open(Duration deadline);
  }

  /**
   * @param deadlineNanos {@link System#nanoTime()} by which the whole session must end
   * @return the open session
   * @throws ProtocolAbortException the last refusal, or any other failure to open
   */
  static FrameChannel open(Opener opener, long deadlineNanos) throws InterruptedException {
    long backoff = FIRST_BACKOFF_MILLIS;
    for (int refusals = 0; ; refusals++) {
      long left = deadlineNanos - System.nanoTime();
      try {
        FrameChannel ch = opener.open(Duration.ofNanos(Math.max(left, TimeUnit.MILLISECONDS.toNanos(1))));
        if (refusals > 0) {
          log.info("server-party took the session after {} busy refusals", refusals);
        }
        return ch;
      } catch (ProtocolAbortException e) {
        if (e.reason() != ProtocolAbortException.Reason.BUSY) {
          throw e;
        }
        long pause = ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1);
        long after = deadlineNanos - System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(pause);
        if (after < TimeUnit.MILLISECONDS.toNanos(MIN_ATTEMPT_MILLIS)) {
          throw e;
        }
        log.debug("server-party busy, trying again in {} ms: {}", pause, e.getMessage());
        sleep(pause, e);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      }
    }
  }

  /** Sleeps {@code millis}, giving up with {@code refusal} if the call is cancelled meanwhile. */
  private static void sleep(long millis, ProtocolAbortException refusal) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (long left = millis; left > 0; left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())) {
      if (Context.current().isCancelled()) {
        throw refusal;
      }
      Thread.sleep(Math.min(left, 10));
    }
  }
}
