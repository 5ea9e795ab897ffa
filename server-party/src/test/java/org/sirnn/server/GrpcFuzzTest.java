package org.sirnn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.LinkCheck;
import org.sirnn.net.grpc.PartyLinkClient;
import org.sirnn.proto.Batch;
import org.sirnn.proto.Error;
import org.sirnn.proto.Frame;
import org.sirnn.proto.Goodbye;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.ServedModel;
import org.sirnn.nn.runtime.SessionRunner;
import org.sirnn.proto.Hello;
import org.sirnn.proto.SessionHeader;
import org.sirnn.proto.OtBlocks;
import org.sirnn.proto.PackedBits;
import org.sirnn.proto.PartyLinkGrpc;
import org.sirnn.proto.Payload;
import org.sirnn.proto.RawBytes;
import org.sirnn.proto.ShareVector;

/**
 * Bad-input fuzzing of a live ServerParty with raw gRPC clients: every malformed session must end with a non-OK
 * status or an Error frame within a deadline, while a well-formed link-check session keeps working alongside.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GrpcFuzzTest {

  private static final long SEED = 0xF022_0002L;
  private static final int CASES = 110;
  private static final int MAX_FRAME = 64 << 10;
  private static final Duration END_DEADLINE = Duration.ofSeconds(10);

  private static final String[] KINDS = {"no-hello", "wrong-version", "unknown-model", "hello-twice", "truncated",
      "oversized-payload", "wrong-type", "wrong-width-count", "more-never-ends", "width-0-or-65", "random-bytes",
      "round-0", "error-frame", "goodbye-mid", "above-size-limit", "empty-batch-then-close", "bad-session-header"};

  /** The built-in model the fuzz sessions name (besides the link check), with its real session header. */
  private static final ServedModel MATH = ModelRepository.mathModels().get(0);

  private static Frame hello(String model, int version, long round) {
    SessionHeader header = model.equals(MATH.plan().name()) ? SessionRunner.header(MATH, 3)
        : SessionHeader.getDefaultInstance();
    return hello(model, version, round, header);
  }

  private static Frame hello(String model, int version, long round, SessionHeader header) {
    return Frame.newBuilder().setRound(round).setHello(Hello.newBuilder().setSessionId(UUID.randomUUID().toString())
        .setModel(model).setProtocolVersion(version).setRole("fuzz").setHeader(header)).build();
  }

  private static Frame batch(long round, Payload... items) {
    return Frame.newBuilder().setRound(round).setBatch(Batch.newBuilder().addAllItems(List.of(items))).build();
  }

  private static Payload shares(int width, long count, byte[] data, boolean more) {
    return Payload.newBuilder().setMore(more).setShares(ShareVector.newBuilder().setBitwidth(width).setCount(count)
        .setPacked(ByteString.copyFrom(data))).build();
  }

  private static byte[] bytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  /** The link-check header (3 values of 64 bits) as the server expects it, with the given values. */
  private static byte[] header(long... v) {
    byte[] b = new byte[8 * v.length];
    for (int i = 0; i < v.length; i++) {
      for (int j = 0; j < 8; j++) {
        b[8 * i + j] = (byte) (v[i] >>> (8 * j));
      }
    }
    return b;
  }

  /** Frames of one malformed session; the boolean tells whether the client half-closes afterwards. */
  private record Case(String kind, List<Frame> frames, boolean halfClose) {}

  private static Case makeCase(Random rnd, int i) {
    String kind = KINDS[i % KINDS.length];
    String model = rnd.nextBoolean() ? LinkCheck.MODEL : MATH.plan().name();
    List<Frame> f = new ArrayList<>();
    Frame hello = hello(model, PartyLinkClient.PROTOCOL_VERSION, 1);
    switch (kind) {
      case "no-hello" -> f.add(batch(1, shares(64, 3, header(1, 8, 1), false)));
      case "wrong-version" -> f.add(hello(model, rnd.nextBoolean() ? 1 : 3 + rnd.nextInt(1000), 1));
      case "unknown-model" -> f.add(hello("model-" + rnd.nextInt(), PartyLinkClient.PROTOCOL_VERSION, 1));
      case "hello-twice" -> {
        f.add(hello);
        f.add(hello(model, PartyLinkClient.PROTOCOL_VERSION, 2));
      }
      case "truncated" -> {
        f.add(hello);
        f.add(batch(2, shares(64, 3, bytes(rnd, rnd.nextInt(24)), false)));
      }
      case "oversized-payload" -> {
        f.add(hello);
        f.add(batch(2, shares(64, 3, bytes(rnd, 25 + rnd.nextInt(1000)), false)));
      }
      case "wrong-type" -> {
        f.add(hello);
        Payload p = switch (rnd.nextInt(4)) {
          case 0 -> Payload.newBuilder().setRaw(RawBytes.newBuilder().setData(ByteString.copyFrom(bytes(rnd, 24))))
              .build();
          case 1 -> Payload.newBuilder().setBits(PackedBits.newBuilder().setCount(192)
              .setData(ByteString.copyFrom(bytes(rnd, 24)))).build();
          case 2 -> Payload.newBuilder().setBlocks(OtBlocks.newBuilder().setCount(3)
              .setData(ByteString.copyFrom(bytes(rnd, 48)))).build();
          default -> Payload.newBuilder().setStep("no kind").build();
        };
        f.add(batch(2, p));
      }
      case "wrong-width-count" -> {
        f.add(hello);
        f.add(batch(2, rnd.nextBoolean() ? shares(63, 3, bytes(rnd, 24), false)
            : shares(64, 2 + 2 * rnd.nextInt(2), bytes(rnd, 24), false)));
      }
      case "more-never-ends" -> {
        f.add(hello);
        int pieces = 1 + rnd.nextInt(50);
        for (int k = 0; k < pieces; k++) {
          f.add(batch(2 + k, shares(64, 3, rnd.nextBoolean() ? new byte[0] : bytes(rnd, 8), true)));
        }
      }
      case "width-0-or-65" -> {
        f.add(hello);
        f.add(batch(2, shares(rnd.nextBoolean() ? 0 : 65, 3, bytes(rnd, 24), false)));
      }
      case "random-bytes" -> {
        // random header values: mostly out of range; never a huge but in-range link-check length (see report)
        f.add(hello);
        long[] h = {rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()};
        if (model.equals(LinkCheck.MODEL) && h[0] > 0 && h[0] <= LinkCheck.MAX_VALUES) {
          h[0] = -h[0];
        }
        f.add(batch(2, shares(64, 3, header(new long[] {h[0], h[1], h[2]}), false)));
      }
      case "round-0" -> {
        f.add(rnd.nextBoolean() ? hello(model, PartyLinkClient.PROTOCOL_VERSION, 0) : hello);
        f.add(batch(0, shares(64, 3, header(1, 8, 1), false)));
      }
      case "error-frame" -> {
        f.add(hello);
        f.add(Frame.newBuilder().setRound(2).setError(Error.newBuilder().setCode(rnd.nextInt(17))
            .setMessage("fuzz")).build());
      }
      case "goodbye-mid" -> {
        f.add(hello);
        if (rnd.nextBoolean()) {
          f.add(batch(2, shares(64, 3, header(4, 8, 1), false)));
        }
        f.add(Frame.newBuilder().setRound(3).setGoodbye(Goodbye.newBuilder().setReason("fuzz")).build());
      }
      case "above-size-limit" -> {
        f.add(hello);
        int n = 1 << 16;
        f.add(batch(2, shares(64, 3, header(n, 64, 1), false), shares(64, n, bytes(rnd, 8 * n), false)));
        f.add(batch(3, shares(64, 3, bytes(rnd, MAX_FRAME + (1 << 16) + 1 + rnd.nextInt(1000)), false)));
      }
      case "empty-batch-then-close" -> {
        f.add(hello);
        f.add(batch(2));
      }
      case "bad-session-header" -> { // a batch outside the plan, or a fingerprint of random or wrong length
        SessionHeader good = SessionRunner.header(MATH, 3);
        SessionHeader bad = switch (rnd.nextInt(3)) {
          case 0 -> good.toBuilder().setBatch(rnd.nextBoolean() ? 0 : MATH.plan().maxBatch() + 1 + rnd.nextInt(9))
              .build();
          case 1 -> good.toBuilder().setPlanFingerprint(ByteString.copyFrom(bytes(rnd, 32))).build();
          default -> good.toBuilder().setPlanFingerprint(ByteString.copyFrom(bytes(rnd, rnd.nextInt(40)))).build();
        };
        f.add(hello(MATH.plan().name(), PartyLinkClient.PROTOCOL_VERSION, 1, bad));
        f.add(batch(2, shares(16, 3, bytes(rnd, 6), false)));
      }
      default -> throw new AssertionError(kind);
    }
    // timeouts cost 2 s each on the server: half-close most cases so that the server sees the end
    return new Case(kind, f, rnd.nextInt(4) != 0);
  }

  /** How one fuzz session ended, from the client's view. */
  private static String runCase(ManagedChannel mc, Case c) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<String> outcome = new AtomicReference<>();
    AtomicBoolean gotError = new AtomicBoolean();
    StreamObserver<Frame> req = PartyLinkGrpc.newStub(mc).withDeadlineAfter(60, TimeUnit.SECONDS)
        .session(new StreamObserver<>() {
          @Override
          public void onNext(Frame f) {
            if (f.getBodyCase() == Frame.BodyCase.ERROR) {
              gotError.set(true);
            }
          }

          @Override
          public void onError(Throwable t) {
            outcome.set("status " + Status.fromThrowable(t).getCode());
            done.countDown();
          }

          @Override
          public void onCompleted() {
            outcome.set("OK");
            done.countDown();
          }
        });
    try {
      for (Frame f : c.frames()) {
        req.onNext(f);
      }
      if (c.halfClose()) {
        req.onCompleted();
      }
    } catch (RuntimeException e) {
      // the call may already be over
    }
    if (!done.await(END_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
      req.onError(Status.CANCELLED.withDescription("test gave up").asRuntimeException());
      return "HANG";
    }
    String o = outcome.get();
    return gotError.get() ? "error frame, " + o : o;
  }

  @Test
  void malformedSessions_endCleanly_whileWellFormedSessionRuns() throws Exception {
    fuzz(false);
  }

  /**
   * Same, with the well-formed session on the same HTTP/2 connection as the fuzz streams. Observed: the server
   * sends GOAWAY INTERNAL_ERROR ("Stream N in unexpected state HALF_CLOSED_LOCAL") and the whole connection,
   * including the well-formed session, dies.
   */
  @Test
  void malformedSessions_doNotDisturbSessionsOnTheSameConnection() throws Exception {
    fuzz(true);
  }

  private void fuzz(boolean sameConnection) throws Exception {
    try (Loopback srv = new Loopback(16, MAX_FRAME, Duration.ofSeconds(2))) {
      ManagedChannel mc = srv.channel();
      ManagedChannel goodChannel = sameConnection ? mc : srv.channel();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger exchanges = new AtomicInteger();
      CompletableFuture<Void> good = CompletableFuture.runAsync(() -> {
        Random r = new Random(7);
        FrameChannel ch = PartyLinkClient.open(goodChannel, "good-" + UUID.randomUUID(), LinkCheck.MODEL,
            FrameChannel.Options.defaults().withMaxFrameBytes(MAX_FRAME), Duration.ofMinutes(2));
        while (!stop.get()) {
          int l = 1 + r.nextInt(64);
          long[] v = new long[1 + r.nextInt(20000)];
          for (int i = 0; i < v.length; i++) {
            v[i] = r.nextLong() & (l == 64 ? -1L : (1L << l) - 1);
          }
          assertArrayEquals(v, LinkCheck.exchange(ch, v, l, true));
          exchanges.incrementAndGet();
        }
        LinkCheck.end(ch);
        ch.close();
      });

      Random rnd = new Random(SEED);
      Map<String, Integer> outcomes = new TreeMap<>();
      List<String> bad = new ArrayList<>();
      long t0 = System.nanoTime();
      List<CompletableFuture<Void>> running = new ArrayList<>();
      for (int i = 0; i < CASES; i++) {
        Case c = makeCase(rnd, i);
        // four at a time, so that cases waiting for a server timeout overlap
        running.add(CompletableFuture.runAsync(() -> {
          try {
            String o = runCase(mc, c);
            synchronized (outcomes) {
              outcomes.merge(o.replaceAll("status ", ""), 1, Integer::sum);
              if (o.equals("OK") || o.equals("HANG")) {
                bad.add(c.kind() + " (half-close " + c.halfClose() + "): " + o);
              }
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }));
        if (running.size() == 4) {
          CompletableFuture.allOf(running.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
          running.clear();
        }
      }
      CompletableFuture.allOf(running.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
      stop.set(true);
      good.get(30, TimeUnit.SECONDS);
      int during = exchanges.get();

      // and a fresh well-formed session afterwards
      FrameChannel ch = PartyLinkClient.open(mc, "after", LinkCheck.MODEL,
          FrameChannel.Options.defaults().withMaxFrameBytes(MAX_FRAME), Duration.ofSeconds(30));
      long[] v = {1, 2, 3, 4, 5};
      assertArrayEquals(v, LinkCheck.exchange(ch, v, 8, true));
      LinkCheck.end(ch);
      ch.close();
      mc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      goodChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);

      System.out.println("grpc fuzz cases tried: " + CASES + ", outcomes: " + outcomes + ", bad: " + bad.size()
          + ", concurrent good exchanges: " + during + ", server failed counter: " + srv.failedByReason() + ", "
          + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
      if (!bad.isEmpty()) {
        fail("sessions without a clean error:\n" + String.join("\n", bad));
      }
      assertTrue(during > 0, "the well-formed session made progress during the fuzzing");
    }
  }
}
