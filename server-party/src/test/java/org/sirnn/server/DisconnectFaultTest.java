package org.sirnn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.ServedModel;
import org.sirnn.nn.runtime.SessionRunner;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.grpc.PartyLinkClient;
import org.sirnn.proto.Frame;

/**
 * Fault injection: clients of a real ServerParty (loopback gRPC, plaintext) disconnect at seeded random frame
 * counts of a math session (base OT setup, mid-sigmoid, just before the output). Each server session must end
 * with a counted failure within a deadline, the server must keep serving, and threads and file descriptors must
 * come back to the baseline.
 */
class DisconnectFaultTest {

  private static final long SEED = 0xD15C_0001L;
  private static final int BITS = 16;
  private static final long[] X = {0, 4096, -4096, 1000, -20000, 32767, -32768, 123};
  private static final Duration END_DEADLINE = Duration.ofSeconds(5);
  private static final int THREAD_SLACK = 20;
  private static final int FD_SLACK = 50;
  /** Retained heap may grow by caches (JIT, TLS, table memos) but not per session: 500 leaked sessions would be far more. */
  private static final long HEAP_SLACK = 48L << 20;

  /** Cancels the call (or shuts the whole channel down) at the {@code cutAt}-th frame event (sent or received). */
  static final class Cut implements ClientInterceptor {
    final int cutAt;
    final ManagedChannel toShutDown; // null: cancel the call instead
    final String fireOn; // or fire at the first event with this name, e.g. "out GOODBYE"
    final AtomicInteger events = new AtomicInteger();
    final List<String> log = new ArrayList<>();
    volatile boolean fired;

    Cut(int cutAt, ManagedChannel toShutDown) {
      this(cutAt, toShutDown, null);
    }

    Cut(int cutAt, ManagedChannel toShutDown, String fireOn) {
      this.cutAt = cutAt;
      this.toShutDown = toShutDown;
      this.fireOn = fireOn;
    }

    private boolean tick(String what) {
      synchronized (log) {
        log.add(what);
      }
      if (events.incrementAndGet() == cutAt || (!fired && what.equals(fireOn))) {
        fired = true;
        return true;
      }
      return false;
    }

    private void fire(ClientCall<?, ?> call) {
      if (toShutDown != null) {
        toShutDown.shutdownNow();
      } else {
        call.cancel("fault injected at frame event " + cutAt, null);
      }
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
        io.grpc.Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          ClientCall<Q, R> call = this;
          super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
            @Override
            public void onMessage(R message) {
              if (tick("in " + ((Frame) message).getBodyCase())) {
                fire(call);
                return;
              }
              super.onMessage(message);
            }
          }, headers);
        }

        @Override
        public void sendMessage(Q message) {
          if (tick("out " + ((Frame) message).getBodyCase())) {
            fire(this);
            return;
          }
          super.sendMessage(message);
        }
      };
    }
  }

  /** Client half of one sigmoid math session over {@code grpc}. */
  static long[] mathSession(io.grpc.Channel grpc) {
    ServedModel sigmoid = ModelRepository.mathModels().get(0);
    FrameChannel ch = PartyLinkClient.open(grpc, UUID.randomUUID().toString(), sigmoid.plan().name(),
        SessionRunner.header(sigmoid, X.length), FrameChannel.Options.defaults().withReceiveTimeout(
            Duration.ofSeconds(10)), Duration.ofSeconds(30));
    try {
      long[] y = SessionRunner.runClient(ch, sigmoid, X, X.length);
      ch.close();
      return y;
    } catch (RuntimeException e) {
      ch.abort(e);
      throw e;
    }
  }

  @Test
  @Timeout(value = 150, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void disconnectsAtRandomPoints_failCleanly_noLeaks() throws Exception {
    run(500, Duration.ofSeconds(45), 60);
  }

  @Test
  @Tag("long")
  @Timeout(value = 30, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void fiveHundredDisconnects_noLeaks() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("sirnn.long"), "long test: run with -Dsirnn.long=true");
    run(500, Duration.ofMinutes(25), 500);
  }

  /**
   * A client that goes away after it has received the output (before its goodbye) leaves a server session that
   * aborted in {@code channel.close()}; that failure is counted in sirnn.sessions.failed too (the session handler's
   * failed() callback sees failures in every phase).
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void disconnectBeforeGoodbye_isCounted() throws Exception {
    try (Loopback srv = new Loopback(8, 1 << 20, Duration.ofSeconds(10))) {
      ManagedChannel mc = srv.channel();
      try {
        // the client cancels instead of sending its goodbye, whatever the interleaving of frames before it
        Cut cut = new Cut(Integer.MAX_VALUE, null, "out GOODBYE");
        try {
          mathSession(ClientInterceptors.intercept(mc, cut));
        } catch (RuntimeException expected) {
          // the client may or may not notice
        }
        assertTrue(cut.fired, "the client never sent a goodbye: " + cut.log);
        assertTrue(srv.awaitFailed(1, END_DEADLINE), "server session aborted in close() but was not counted: "
            + srv.failedByReason());
      } finally {
        mc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private void run(int maxSessions, Duration budget, int minSessions) throws Exception {
    long t0 = System.nanoTime();
    try (Loopback srv = new Loopback(8, 1 << 20, Duration.ofSeconds(10))) {
      ManagedChannel shared = srv.channel();
      // warm-up and probe: frame events of a normal session, and the expected output
      Cut probe = new Cut(Integer.MAX_VALUE, null);
      long[] expected = mathSession(ClientInterceptors.intercept(shared, probe));
      mathSession(shared);
      List<String> events = probe.log;
      int lastOutBatch = events.lastIndexOf("out BATCH") + 1; // 1-based event number
      assertTrue(lastOutBatch > 3, "probe: " + events);
      System.gc();
      Thread.sleep(200);
      int threads0 = Loopback.threads();
      long fds0 = Loopback.openFds();
      long heap0 = usedHeapAfterGc();

      Random rnd = new Random(SEED);
      int sessions = 0;
      int clientSawProtocolAbort = 0;
      int shutdowns = 0;
      Map<String, Integer> phase = new TreeMap<>();
      List<String> problems = new ArrayList<>();
      long budgetEnd = t0 + budget.toNanos();
      while (sessions < maxSessions && (sessions < minSessions || System.nanoTime() < budgetEnd)) {
        // event 1 is our hello, 2 the server's: cut anywhere from the first protocol frame to our last batch
        int cutAt = switch (sessions % 10) {
          case 0 -> 3;
          case 1 -> lastOutBatch;
          default -> 3 + rnd.nextInt(lastOutBatch - 2);
        };
        phase.merge(cutAt * 3 < lastOutBatch ? "early" : cutAt * 3 < 2 * lastOutBatch ? "middle" : "late", 1,
            Integer::sum);
        boolean shutdown = rnd.nextBoolean();
        ManagedChannel own = shutdown ? srv.channel() : null;
        Cut cut = new Cut(cutAt, own);
        double before = srv.failed();
        try {
          mathSession(ClientInterceptors.intercept(shutdown ? own : shared, cut));
          problems.add("session " + sessions + " cut at " + cutAt + " completed");
        } catch (ProtocolAbortException e) {
          clientSawProtocolAbort++;
        } catch (RuntimeException e) {
          problems.add("session " + sessions + " cut at " + cutAt + ": client got " + e);
        } finally {
          if (own != null) {
            own.shutdownNow();
            own.awaitTermination(5, TimeUnit.SECONDS);
            shutdowns++;
          }
        }
        if (!cut.fired) {
          problems.add("session " + sessions + ": cut at " + cutAt + " never fired (" + cut.events + " events)");
        }
        if (!srv.awaitFailed(before + 1, END_DEADLINE)) {
          problems.add("session " + sessions + " cut at " + cutAt + ": server session did not fail within "
              + END_DEADLINE + " (failed=" + srv.failed() + ")");
        }
        sessions++;
        if (problems.size() > 5) {
          break;
        }
      }
      // the server still serves normal sessions
      assertArrayEquals(expected, mathSession(shared), "normal session after the faults");

      // resources come back to the baseline
      int threads = 0;
      long fds = 0;
      long settleEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      do {
        System.gc();
        Thread.sleep(100);
        threads = Loopback.threads();
        fds = Loopback.openFds();
      } while ((threads > threads0 + THREAD_SLACK || fds > fds0 + FD_SLACK) && System.nanoTime() < settleEnd);
      long heap = usedHeapAfterGc();
      shared.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);

      Map<String, Long> reasons = srv.failedByReason();
      long seconds = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      System.out.println("faults injected: " + sessions + " (" + shutdowns + " channel shutdowns, "
          + (sessions - shutdowns) + " call cancels; cut phase " + phase + ", " + lastOutBatch
          + " frame events to the last client batch), sessions ended with a counted failure: "
          + (long) srv.failed() + " " + reasons + ", client saw ProtocolAbortException: " + clientSawProtocolAbort
          + ", threads " + threads0 + " -> " + threads + ", fds " + fds0 + " -> " + fds + ", heap used after GC "
          + (heap0 >> 20) + " -> " + (heap >> 20) + " MiB, " + seconds + " ms");
      if (!problems.isEmpty()) {
        fail(String.join("\n", problems));
      }
      assertEquals(sessions, (long) srv.failed(), "one counted failure per cut session");
      assertTrue(threads <= threads0 + THREAD_SLACK, "threads " + threads0 + " -> " + threads);
      assertTrue(fds0 < 0 || fds <= fds0 + FD_SLACK, "fds " + fds0 + " -> " + fds);
      assertTrue(heap <= heap0 + HEAP_SLACK, "heap used after GC " + heap0 + " -> " + heap + " bytes");
    }
  }

  /** Heap retained after full collections (the smallest of three readings). */
  static long usedHeapAfterGc() throws InterruptedException {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
      Runtime rt = Runtime.getRuntime();
      best = Math.min(best, rt.totalMemory() - rt.freeMemory());
    }
    return best;
  }
}
