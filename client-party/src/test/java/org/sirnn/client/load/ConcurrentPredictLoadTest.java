package org.sirnn.client.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.util.concurrent.ListenableFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sirnn.proto.PredictResponse;

/**
 * N concurrent Predict calls (sigmoid-q12) against the Inference service and a PartyLink server in this JVM on
 * loopback, in a bounded number of rounds; every result must equal the cleartext twin. Prints throughput and
 * latency percentiles; asserts only correctness and completion (no timing assertions).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ConcurrentPredictLoadTest {
  static final int ROUNDS = 3;
  static final int VALUES = 64;

  static long[] inputs(int call) {
    long[] x = new long[VALUES];
    for (int i = 0; i < VALUES; i++) {
      // distinct per call, over the whole 16-bit range [-8, 8) at scale 12
      x[i] = Math.floorMod(call * 7919L + i * 1021L, 65_536L) - 32_768;
    }
    return x;
  }

  @ParameterizedTest(name = "N = {0}")
  @ValueSource(ints = {8, 16})
  void concurrentPredictsAllEqualTheTwin(int n) throws Exception {
    // the service must admit N sessions at once: maxSessions = N exactly
    try (PredictStack stack = PredictStack.insecure(n, Duration.ofSeconds(120))) {
      // warm-up (class loading, JIT, TLS-free connection), not measured
      long[] w = inputs(-1);
      assertArrayEquals(PredictStack.sigmoidTwins(w), scores(stack.stub(60).predict(PredictStack.request(
          "sigmoid-q12", w))));
      idle(stack);

      List<Long> latencies = new ArrayList<>();
      Set<String> sessions = new HashSet<>();
      long t0 = System.nanoTime();
      for (int round = 0; round < ROUNDS; round++) {
        List<ListenableFuture<PredictResponse>> calls = new ArrayList<>();
        List<long[]> xs = new ArrayList<>();
        long[] started = new long[n];
        long[] ended = new long[n];
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
          long[] x = inputs(round * n + i);
          xs.add(x);
          started[i] = System.nanoTime();
          ListenableFuture<PredictResponse> f = stack.futureStub(120).predict(PredictStack.request("sigmoid-q12",
              x));
          int k = i;
          f.addListener(() -> {
            ended[k] = System.nanoTime();
            done.countDown();
          }, Runnable::run);
          calls.add(f);
        }
        for (int i = 0; i < n; i++) {
          PredictResponse r = calls.get(i).get(150, TimeUnit.SECONDS);
          assertArrayEquals(PredictStack.sigmoidTwins(xs.get(i)), scores(r), "round " + round + " call " + i);
          sessions.add(r.getSessionId());
        }
        done.await(10, TimeUnit.SECONDS);
        for (int i = 0; i < n; i++) {
          latencies.add(ended[i] - started[i]);
        }
        idle(stack);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertEquals(ROUNDS * n, sessions.size(), "one session per call");
      assertEquals(ROUNDS * n + 1, stack.serverHalves.get(), "server halves (warm-up included)");
      long[] ms = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
      System.out.printf("load sigmoid-q12 N=%d x %d rounds, %d values/call: %d predictions in %.2f s, %.1f"
          + " predictions/s, latency p50 %.0f ms, p90 %.0f ms, p99 %.0f ms%n", n, ROUNDS, VALUES, ms.length, seconds,
          ms.length / seconds, pct(ms, 50), pct(ms, 90), pct(ms, 99));
    }
  }

  /**
   * Waits until every session thread is back in the pool before the next round: a session answers before its
   * thread is free, so a new round at exactly maxSessions could otherwise wait in the queue behind the old round's
   * last steps (see {@link SessionLimitTest}). Not part of the measured time's meaning: rounds are separate bursts.
   */
  static void idle(PredictStack stack) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (stack.registry.get("sirnn.sessions.active").gauge().value() > 0 && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    Thread.sleep(50);
  }

  /** Nearest-rank percentile in milliseconds. */
  static double pct(long[] sortedNanos, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
    return sortedNanos[Math.max(0, rank - 1)] / 1e6;
  }

  static long[] scores(PredictResponse r) {
    return r.getScores().getValuesList().stream().mapToLong(Long::longValue).toArray();
  }
}
