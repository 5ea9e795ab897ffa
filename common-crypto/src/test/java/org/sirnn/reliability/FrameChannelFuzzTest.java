package org.sirnn.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.InMemoryTransport;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.ProtocolAbortException.Reason;
import org.sirnn.proto.Batch;
import org.sirnn.proto.Error;
import org.sirnn.proto.Frame;
import org.sirnn.proto.Goodbye;
import org.sirnn.proto.Hello;
import org.sirnn.proto.OtBlocks;
import org.sirnn.proto.PackedBits;
import org.sirnn.proto.Payload;
import org.sirnn.proto.RawBytes;
import org.sirnn.proto.ShareVector;
import org.sirnn.ring.BitPacking;

/**
 * Seeded fuzzing of {@link FrameChannel}'s receive side: random (mostly near-valid) frames are injected on the
 * peer side of an {@link InMemoryTransport} pair, then the peer half-closes. Every receive must either succeed
 * (when the frames happen to be valid) or throw {@link ProtocolAbortException}; any other throwable is a bug.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FrameChannelFuzzTest {

  private static final long SEED = 0x5151_2021L;
  private static final int CASES = 5000;
  private static final int[] WIDTHS = {1, 2, 7, 8, 13, 16, 31, 32, 37, 63, 64};

  private enum Op { LONGS, BITS, BLOCKS, BYTES, HELLO }

  /** What the receiver asks for in one case. */
  private record Expect(Op op, int n, int bitwidth) {}

  @Test
  void randomFrames_receiveThrowsOnlyProtocolAbort() {
    Random rnd = new Random(SEED);
    Map<Reason, Integer> reasons = new EnumMap<>(Reason.class);
    int ok = 0;
    List<String> failures = new ArrayList<>();
    for (int c = 0; c < CASES; c++) {
      Expect e = randomExpect(rnd);
      List<Frame> frames = new ArrayList<>();
      int nFrames = 1 + rnd.nextInt(3);
      for (int i = 0; i < nFrames; i++) {
        frames.add(randomFrame(rnd, e));
      }
      try {
        if (runCase(e, frames, rnd.nextBoolean())) {
          ok++;
        }
      } catch (ProtocolAbortException pa) {
        reasons.merge(pa.reason(), 1, Integer::sum);
      } catch (Throwable t) {
        if (failures.size() < 10) {
          failures.add("case " + c + " " + e + ": " + t + " frames=" + frames.toString().replace('\n', ' '));
        } else {
          failures.add("(more)");
        }
      }
    }
    System.out.println("in-memory fuzz cases tried: " + CASES + ", accepted as valid: " + ok
        + ", protocol aborts: " + reasons + ", other exceptions: " + failures.size());
    if (!failures.isEmpty()) {
      fail("receive threw something other than ProtocolAbortException:\n" + String.join("\n", failures));
    }
    assertTrue(reasons.getOrDefault(Reason.MALFORMED, 0) > CASES / 4, "most random frames are malformed");
  }

  /**
   * An empty frame (no round, no body) is what gRPC's protobuf marshaller hands over for a zero-length message:
   * {@code Frame.getDefaultInstance()} itself. Both transports use that instance as their end-of-stream marker, so
   * a peer sending an empty frame is taken for a peer that half-closed (PEER_CLOSED) instead of MALFORMED.
   */
  @Test
  void emptyFrame_isMalformedNotEndOfStream() {
    InMemoryTransport[] t = InMemoryTransport.pair();
    FrameChannel rx = new FrameChannel(t[0], options());
    t[1].send(Frame.getDefaultInstance(), 1_000_000_000L);
    ProtocolAbortException pa = org.junit.jupiter.api.Assertions.assertThrows(ProtocolAbortException.class,
        () -> rx.receiveLongs(1, 8));
    assertEquals(Reason.MALFORMED, pa.reason(), pa.getMessage());
  }

  private static FrameChannel.Options options() {
    return FrameChannel.Options.defaults().withMaxFrameBytes(4096).withReceiveTimeout(Duration.ofSeconds(5));
  }

  /** Injects the frames, half-closes the peer, then runs the receive; true when it succeeded. */
  private static boolean runCase(Expect e, List<Frame> frames, boolean endWithGoodbye) {
    InMemoryTransport[] t = InMemoryTransport.pair();
    FrameChannel rx = new FrameChannel(t[0], options());
    for (Frame f : frames) {
      t[1].send(f, 1_000_000_000L);
    }
    if (endWithGoodbye) {
      t[1].send(Frame.newBuilder().setRound(1).setGoodbye(Goodbye.newBuilder().setReason("fuzz")).build(),
          1_000_000_000L);
    }
    t[1].finishSending();
    switch (e.op()) {
      case LONGS -> rx.receiveLongs(e.n(), e.bitwidth());
      case BITS -> rx.receiveBits(e.n());
      case BLOCKS -> rx.receiveBlocks(new long[2 * e.n()], 0, e.n());
      case BYTES -> rx.receiveBytes(e.n());
      case HELLO -> rx.receiveControl(Frame.BodyCase.HELLO);
      default -> throw new AssertionError();
    }
    return true;
  }

  private static Expect randomExpect(Random rnd) {
    Op op = Op.values()[rnd.nextInt(Op.values().length)];
    int n = switch (rnd.nextInt(4)) {
      case 0 -> 1 + rnd.nextInt(8);
      case 1 -> 1 + rnd.nextInt(200);
      case 2 -> 1000 + rnd.nextInt(5000); // several pieces at a 4 KiB frame limit
      default -> rnd.nextInt(3); // 0, 1, 2
    };
    return new Expect(op, n, WIDTHS[rnd.nextInt(WIDTHS.length)]);
  }

  private static long randomRound(Random rnd) {
    return switch (rnd.nextInt(10)) {
      case 0 -> 0;
      case 1 -> -1L; // 2^64-1 as uint64
      case 2 -> Long.MAX_VALUE;
      case 3 -> Long.MIN_VALUE;
      default -> 1 + rnd.nextInt(100);
    };
  }

  private static int randomWidth(Random rnd, int expected) {
    return switch (rnd.nextInt(8)) {
      case 0 -> 0;
      case 1 -> 65;
      case 2 -> rnd.nextInt();
      case 3 -> WIDTHS[rnd.nextInt(WIDTHS.length)];
      default -> expected;
    };
  }

  private static long randomCount(Random rnd, long expected) {
    return switch (rnd.nextInt(8)) {
      case 0 -> 0;
      case 1 -> rnd.nextLong();
      case 2 -> expected + 1;
      case 3 -> Math.max(0, expected - 1);
      case 4 -> Integer.MAX_VALUE + 1L;
      default -> expected;
    };
  }

  private static ByteString randomData(Random rnd, long expected) {
    long expectedBytes = Math.max(0, Math.min(1 << 16, expected));
    int len = switch (rnd.nextInt(8)) {
      case 0 -> 0;
      case 1 -> (int) Math.max(0, expectedBytes - 1 - rnd.nextInt(3));
      case 2 -> (int) expectedBytes + 1 + rnd.nextInt(20);
      case 3 -> rnd.nextInt(300);
      default -> (int) expectedBytes;
    };
    byte[] b = new byte[len];
    rnd.nextBytes(b);
    return ByteString.copyFrom(b);
  }

  private static Payload randomPayload(Random rnd, Expect e) {
    Payload.Builder p = Payload.newBuilder().setMore(rnd.nextInt(4) == 0);
    if (rnd.nextInt(10) == 0) {
      p.setStep("fuzz/" + rnd.nextInt(100));
    }
    int kind = rnd.nextInt(10) < 6 ? preferredKind(e.op()) : rnd.nextInt(5);
    switch (kind) {
      case 0 -> {
        int w = randomWidth(rnd, e.bitwidth());
        long cnt = randomCount(rnd, e.n());
        long bytes = w >= 1 && w <= 64 && cnt >= 0 && cnt < (1L << 20) ? BitPacking.packedBytes((int) cnt, w)
            : rnd.nextInt(100);
        p.setShares(ShareVector.newBuilder().setBitwidth(w).setCount(cnt).setPacked(randomData(rnd, bytes)));
      }
      case 1 -> {
        long cnt = randomCount(rnd, e.n());
        p.setBits(PackedBits.newBuilder().setCount(cnt).setData(randomData(rnd, cnt >= 0 ? (cnt + 7) / 8 : 8)));
      }
      case 2 -> {
        long cnt = randomCount(rnd, e.n());
        p.setBlocks(OtBlocks.newBuilder().setCount(cnt).setData(randomData(rnd, cnt >= 0 && cnt < (1 << 20)
            ? 16 * cnt : 16)));
      }
      case 3 -> p.setRaw(RawBytes.newBuilder().setData(randomData(rnd, Math.max(0, e.n()))));
      default -> { } // no kind at all
    }
    return p.build();
  }

  private static int preferredKind(Op op) {
    return switch (op) {
      case LONGS -> 0;
      case BITS -> 1;
      case BLOCKS -> 2;
      case BYTES -> 3;
      case HELLO -> 4;
    };
  }

  private static Frame randomFrame(Random rnd, Expect e) {
    Frame.Builder f = Frame.newBuilder().setRound(randomRound(rnd));
    int body = rnd.nextInt(20);
    if (body < 12 && e.op() != Op.HELLO) {
      Batch.Builder b = Batch.newBuilder();
      int items = rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(3);
      for (int i = 0; i < items; i++) {
        b.addItems(randomPayload(rnd, e));
      }
      f.setBatch(b);
    } else if (body < 14 || (body < 12 && e.op() == Op.HELLO)) {
      f.setHello(Hello.newBuilder().setModel(rnd.nextBoolean() ? "math" : "x" + rnd.nextInt())
          .setProtocolVersion(rnd.nextInt(3)).setSessionId("s" + rnd.nextInt()).setRole("fuzz"));
    } else if (body < 16) {
      f.setError(Error.newBuilder().setCode(rnd.nextInt(20)).setMessage("fuzz error " + rnd.nextInt()));
    } else if (body < 18) {
      f.setGoodbye(Goodbye.newBuilder().setReason("fuzz"));
    } else if (body < 19) {
      f.setBatch(Batch.newBuilder().addItems(randomPayload(rnd, e)).addItems(randomPayload(rnd, e)));
    } // else: no body at all
    return f.build();
  }
}
