package org.sirnn.ot.kk13;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sirnn.net.Channel;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.Traffic;
import org.sirnn.ot.base.NaorPinkasOt;
import org.sirnn.ring.Ring;
import org.sirnn.test.LoopbackGrpc;
import org.sirnn.test.RecordingChannel;
import org.sirnn.test.TwoParties;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Kk13OtTest {

  private static final int SECONDS = 50;

  /** One batch of a session: n instances of 1-out-of-N OT of l-bit messages, sent by the server or the client. */
  private record Job(int n, int bigN, int l, boolean serverSends) {}

  /** Inputs of a job. */
  private record Inputs(long[] messages, int[] choices) {}

  private static long[] randomMessages(int n, int bigN, int l, Random rnd) {
    long[] m = new long[n * bigN];
    long mask = Ring.mask(l);
    for (int i = 0; i < m.length; i++) {
      m[i] = rnd.nextLong() & mask;
    }
    return m;
  }

  private static int[] randomChoices(int n, int bigN, Random rnd) {
    int[] x = new int[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextInt(bigN);
    }
    return x;
  }

  private static Inputs inputs(Job j, Random rnd) {
    return new Inputs(randomMessages(j.n(), j.bigN(), j.l(), rnd), randomChoices(j.n(), j.bigN(), rnd));
  }

  private static void assertPicked(Job j, Inputs in, long[] got) {
    assertNotNull(got);
    assertEquals(j.n(), got.length, j + ": output length");
    long mask = Ring.mask(j.l());
    for (int i = 0; i < j.n(); i++) {
      long want = in.messages()[i * j.bigN() + in.choices()[i]] & mask;
      if (want != got[i]) {
        assertEquals(want, got[i], j + ": instance " + i + " with choice " + in.choices()[i]);
      }
    }
  }

  /** Runs the jobs in order in one in-memory session; returns what each party received (null where it sent). */
  private static long[][][] session(List<Job> jobs, List<Inputs> ins) throws Exception {
    var res = TwoParties.inMemory(ch -> party(ch, jobs, ins, true), ch -> party(ch, jobs, ins, false), SECONDS);
    return new long[][][] {res.server(), res.client()};
  }

  private static long[][] party(Channel ch, List<Job> jobs, List<Inputs> ins, boolean server) {
    Kk13Ot ot = new Kk13Ot(ch, new SecureRandom());
    long[][] out = new long[jobs.size()][];
    for (int k = 0; k < jobs.size(); k++) {
      Job j = jobs.get(k);
      if (j.serverSends() == server) {
        ot.sendOneOfN(ins.get(k).messages(), j.bigN(), j.l());
      } else {
        out[k] = ot.receiveOneOfN(ins.get(k).choices(), j.bigN(), j.l());
      }
    }
    return out;
  }

  /** Runs the jobs in one session and checks every receiver's output. */
  private static void runAndCheck(List<Job> jobs, long seed) throws Exception {
    Random rnd = new Random(seed);
    List<Inputs> ins = new ArrayList<>();
    for (Job j : jobs) {
      ins.add(inputs(j, rnd));
    }
    long[][][] got = session(jobs, ins);
    for (int k = 0; k < jobs.size(); k++) {
      Job j = jobs.get(k);
      assertPicked(j, ins.get(k), j.serverSends() ? got[1][k] : got[0][k]);
    }
  }

  // ------------------------------------------------------------------------------------------------ correctness

  @ParameterizedTest
  @ValueSource(ints = {2, 4, 16, 256})
  void receiverGetsTheChosenMessage_allWidths(int bigN) throws Exception {
    List<Job> jobs = new ArrayList<>();
    for (int l : new int[] {1, 2, 8, 13, 37, 63, 64}) {
      for (int n : new int[] {1, 1000}) {
        jobs.add(new Job(n, bigN, l, true));
      }
    }
    jobs.add(new Job(65536, bigN, 13, true));
    jobs.add(new Job(65536, bigN, 64, false));
    runAndCheck(jobs, bigN);
  }

  @Test
  void everyWidthAtNEquals4() throws Exception {
    List<Job> jobs = new ArrayList<>();
    for (int l = 1; l <= 64; l++) {
      jobs.add(new Job(37 + l, 4, l, l % 2 == 0));
    }
    runAndCheck(jobs, 4004);
  }

  @Test
  void everyN_smallBatches() throws Exception {
    List<Job> jobs = new ArrayList<>();
    for (int bigN = 2; bigN <= 256; bigN *= 2) {
      jobs.add(new Job(129, bigN, 5, true));
      jobs.add(new Job(3, bigN, 64, false));
    }
    runAndCheck(jobs, 77);
  }

  @Test
  void bothDirectionsInOneSession() throws Exception {
    // server as sender, then as receiver, then interleaved; counters of the two directions are independent
    runAndCheck(List.of(
        new Job(1000, 16, 8, true),
        new Job(1000, 16, 8, false),
        new Job(777, 256, 3, false),
        new Job(5, 2, 64, true),
        new Job(2000, 4, 17, true),
        new Job(64, 8, 9, false)), 5);
  }

  @Test
  void manyBatchesContinueTheCounters() throws Exception {
    // sizes around word and slice boundaries, so PRG streams advance by odd and even block counts
    int[] sizes = {1, 63, 64, 65, 127, 128, 129, 130, 1, 3000, 65, 2};
    List<Job> jobs = new ArrayList<>();
    int[] ns = {2, 4, 8, 16, 32, 64, 128, 256};
    for (int k = 0; k < sizes.length; k++) {
      jobs.add(new Job(sizes[k], ns[k % ns.length], 1 + (k * 11) % 64, k % 3 != 0));
    }
    runAndCheck(jobs, 99);
  }

  @Test
  void sessionCountersAndFlags() throws Exception {
    var res = TwoParties.inMemory(ch -> {
      Kk13Ot ot = new Kk13Ot(ch, new SecureRandom());
      assertFalse(ot.isSenderSetUp());
      ot.sendOneOfN(new long[10 * 4], 4, 3);
      ot.sendOneOfN(new long[7 * 4], 4, 3);
      ot.receiveOneOfN(new int[5], 2, 1);
      assertTrue(ot.isSenderSetUp());
      assertTrue(ot.isReceiverSetUp());
      return new long[] {ot.instancesSent(), ot.instancesReceived()};
    }, ch -> {
      Kk13Ot ot = new Kk13Ot(ch, new SecureRandom());
      long[] a = ot.receiveOneOfN(new int[10], 4, 3);
      long[] b = ot.receiveOneOfN(new int[7], 4, 3);
      ot.sendOneOfN(new long[5 * 2], 2, 1);
      assertArrayEquals(new long[10], a);
      assertArrayEquals(new long[7], b);
      return new long[] {ot.instancesSent(), ot.instancesReceived()};
    }, SECONDS);
    assertArrayEquals(new long[] {17, 5}, res.server());
    assertArrayEquals(new long[] {5, 17}, res.client());
  }

  @Test
  void slicesOfBothStepsWithRaggedEnds() throws Exception {
    // more than one receiver slice (65536) with a last slice not a multiple of 64; several sender messages
    runAndCheck(List.of(
        new Job(Kk13Ot.U_SLICE + 100, 4, 11, true),
        new Job(3 * Kk13Ot.eSlice(256) + 5, 256, 6, false),
        new Job(Kk13Ot.eSlice(2) + 1, 2, 1, true)), 1234);
  }

  @Test
  void upperBitsOfMessagesAreIgnoredAndOutputsReduced() throws Exception {
    Job j = new Job(300, 8, 7, true);
    Random rnd = new Random(8);
    long[] m = new long[j.n() * j.bigN()];
    for (int i = 0; i < m.length; i++) {
      m[i] = rnd.nextLong() | Long.MIN_VALUE;
    }
    Inputs in = new Inputs(m, randomChoices(j.n(), j.bigN(), rnd));
    long[][][] got = session(List.of(j), List.of(in));
    assertPicked(j, in, got[1][0]);
    for (long v : got[1][0]) {
      assertEquals(0, v >>> 7);
    }
  }

  @Test
  void emptyBatchSendsNothing() throws Exception {
    var res = TwoParties.inMemory(ch -> {
      Kk13Ot ot = new Kk13Ot(ch, new SecureRandom());
      ot.sendOneOfN(new long[0], 16, 8);
      return ch.traffic().bytesSent() + ch.traffic().bytesReceived();
    }, ch -> {
      Kk13Ot ot = new Kk13Ot(ch, new SecureRandom());
      long[] r = ot.receiveOneOfN(new int[0], 16, 8);
      assertEquals(0, r.length);
      return ch.traffic().bytesSent() + ch.traffic().bytesReceived();
    }, SECONDS);
    assertEquals(0L, res.server());
    assertEquals(0L, res.client());
  }

  @Test
  void eagerSetupThenBatches() throws Exception {
    List<Job> jobs = List.of(new Job(500, 16, 8, true), new Job(500, 16, 8, false));
    Random rnd = new Random(3);
    List<Inputs> ins = List.of(inputs(jobs.get(0), rnd), inputs(jobs.get(1), rnd));
    var res = TwoParties.inMemory(ch -> {
      Kk13Ot ot = new Kk13Ot(ch, new SecureRandom());
      ot.setupSender();
      ot.setupReceiver();
      ot.setupSender(); // no-op
      ot.sendOneOfN(ins.get(0).messages(), 16, 8);
      long[] r = ot.receiveOneOfN(ins.get(1).choices(), 16, 8);
      assertEquals(2, ch.traffic().stats(Kk13Ot.SCOPE + "/" + NaorPinkasOt.SCOPE).calls(),
          "one base-OT run per direction");
      return r;
    }, ch -> {
      Kk13Ot ot = new Kk13Ot(ch, new SecureRandom());
      ot.setupReceiver();
      ot.setupSender();
      ot.setupReceiver(); // no-op
      long[] r = ot.receiveOneOfN(ins.get(0).choices(), 16, 8);
      ot.sendOneOfN(ins.get(1).messages(), 16, 8);
      return r;
    }, SECONDS);
    assertPicked(jobs.get(0), ins.get(0), res.client());
    assertPicked(jobs.get(1), ins.get(1), res.server());
  }

  // -------------------------------------------------------------------------------------------- traffic, rounds

  /** Bytes and rounds of a party's second batch, and the kk13 scope totals of its first. */
  private record Cost(long sent, long received, long rounds, Traffic.Stats firstScope, Traffic.Stats baseOt) {}

  private static Cost measure(Channel ch, Runnable batch) {
    batch.run(); // includes the base OTs
    Traffic t = ch.traffic();
    Traffic.Stats first = t.stats(Kk13Ot.SCOPE);
    Traffic.Stats base = t.stats(Kk13Ot.SCOPE + "/" + NaorPinkasOt.SCOPE);
    long s0 = t.bytesSent();
    long r0 = t.bytesReceived();
    long rounds0 = t.rounds();
    batch.run();
    return new Cost(t.bytesSent() - s0, t.bytesReceived() - r0, t.rounds() - rounds0, first, base);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2,1", "4,13", "16,8", "256,2"})
  void trafficIsTwoLambdaPlusNlBitsPerInstance(String nl) throws Exception {
    int bigN = Integer.parseInt(nl.split(",")[0]);
    int l = Integer.parseInt(nl.split(",")[1]);
    int n = 65536;
    Random rnd = new Random(n + bigN);
    long[] m = randomMessages(n, bigN, l, rnd);
    int[] x = randomChoices(n, bigN, rnd);
    var res = TwoParties.inMemory(ch -> {
      Kk13Ot ot = new Kk13Ot(ch, new SecureRandom());
      return measure(ch, () -> ot.sendOneOfN(m, bigN, l));
    }, ch -> {
      Kk13Ot ot = new Kk13Ot(ch, new SecureRandom());
      return measure(ch, () -> ot.receiveOneOfN(x, bigN, l));
    }, SECONDS);
    Cost snd = res.server();
    Cost rcv = res.client();
    double senderPayload = (double) bigN * n * l / 8;
    double receiverPayload = 256.0 * n / 8;
    System.out.printf("kk13 N=%d l=%d n=%d: sender sent %d B (N*n*l/8 = %.0f), receiver sent %d B (256n/8 = %.0f),"
        + " rounds %d; first call incl. base OTs: %d rounds, %d+%d B%n", bigN, l, n, snd.sent(), senderPayload,
        rcv.sent(), receiverPayload, snd.rounds(), snd.firstScope().rounds(), snd.firstScope().bytesSent(),
        snd.firstScope().bytesReceived());
    assertTrue(Math.abs(snd.sent() - senderPayload) <= 0.05 * senderPayload, "sender sent " + snd.sent());
    assertTrue(Math.abs(rcv.sent() - receiverPayload) <= 0.05 * receiverPayload, "receiver sent " + rcv.sent());
    assertTrue(snd.sent() >= senderPayload && rcv.sent() >= receiverPayload, "payload is packed exactly");
    assertEquals(snd.sent(), rcv.received());
    assertEquals(rcv.sent(), snd.received());
    assertEquals(2, snd.rounds(), "a batch after setup is 2 rounds");
    assertEquals(2, rcv.rounds(), "a batch after setup is 2 rounds");
    assertEquals(4, snd.firstScope().rounds(), "first batch: 2 base-OT rounds + 2");
    assertEquals(2, snd.baseOt().rounds(), "base OTs nested in the kk13 scope");
    assertEquals(2, rcv.baseOt().rounds(), "base OTs nested in the kk13 scope");
  }

  // ------------------------------------------------------------------------------------------------ freshness

  /** Runs one batch with fixed inputs; returns [what the sender sent, what the receiver sent, output]. */
  private static List<List<long[]>> recordedRun(long[] m, int[] x, int bigN, int l) throws Exception {
    var res = TwoParties.inMemory(ch -> {
      RecordingChannel rec = new RecordingChannel(ch);
      new Kk13Ot(rec, new SecureRandom()).sendOneOfN(m, bigN, l);
      return rec.sentVectors();
    }, ch -> {
      RecordingChannel rec = new RecordingChannel(ch);
      long[] out = new Kk13Ot(rec, new SecureRandom()).receiveOneOfN(x, bigN, l);
      return List.of(rec.sentVectors(), List.of(out));
    }, SECONDS);
    return List.of(res.server(), res.client().get(0), res.client().get(1));
  }

  @Test
  void twoSessionsWithTheSameInputsHaveDifferentTranscripts() throws Exception {
    int n = 1000;
    int bigN = 16;
    int l = 8;
    Random rnd = new Random(42);
    long[] m = randomMessages(n, bigN, l, rnd);
    int[] x = randomChoices(n, bigN, rnd);
    List<List<long[]>> a = recordedRun(m, x, bigN, l);
    List<List<long[]>> b = recordedRun(m, x, bigN, l);
    assertArrayEquals(a.get(2).get(0), b.get(2).get(0), "same output");
    Job j = new Job(n, bigN, l, true);
    assertPicked(j, new Inputs(m, x), a.get(2).get(0));
    // receiver: two bit vectors of 128*n bits (u lo, u hi); sender: one vector of N*n values
    assertEquals(2, a.get(1).size());
    assertEquals(1, a.get(0).size());
    assertEquals(n * bigN, a.get(0).get(0).length);
    for (int k = 0; k < 2; k++) {
      long[] ua = a.get(1).get(k);
      long[] ub = b.get(1).get(k);
      assertEquals(2 * n, ua.length);
      assertFalse(java.util.Arrays.equals(ua, ub), "receiver's message " + k + " repeats across sessions");
      int ones = 0;
      for (long w : ua) {
        ones += Long.bitCount(w);
      }
      double frac = ones / (128.0 * n);
      assertTrue(frac > 0.48 && frac < 0.52, "u looks unbalanced: " + frac);
    }
    long[] ea = a.get(0).get(0);
    long[] eb = b.get(0).get(0);
    int same = 0;
    for (int i = 0; i < ea.length; i++) {
      if (ea[i] == eb[i]) {
        same++;
      }
    }
    // 8-bit values: about 1/256 agree by chance
    assertTrue(same < ea.length / 64, "sender's masked messages repeat across sessions: " + same);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 16, 256})
  void theReceiversKeyOpensOnlyTheChosenMessage(int bigN) throws Exception {
    // With l = 64 the pads m xor e of one instance must all differ, and the receiver's pad (which opens
    // e_{i,x_i}) must open no other e_{i,y}: a pad that did not depend on y would still pass the correctness tests.
    int n = 300;
    Random rnd = new Random(bigN);
    long[] m = randomMessages(n, bigN, 64, rnd);
    int[] x = randomChoices(n, bigN, rnd);
    List<List<long[]>> run = recordedRun(m, x, bigN, 64);
    long[] e = run.get(0).get(0);
    long[] out = run.get(2).get(0);
    assertPicked(new Job(n, bigN, 64, true), new Inputs(m, x), out);
    for (int i = 0; i < n; i++) {
      long mine = e[i * bigN + x[i]] ^ m[i * bigN + x[i]];
      java.util.Set<Long> pads = new java.util.HashSet<>();
      for (int y = 0; y < bigN; y++) {
        long pad = e[i * bigN + y] ^ m[i * bigN + y];
        assertTrue(pads.add(pad), "instance " + i + ": pad of y = " + y + " repeats");
        if (y != x[i]) {
          assertTrue((e[i * bigN + y] ^ mine) != m[i * bigN + y], "instance " + i + ": receiver's pad opens y = " + y);
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------------------- validation

  @Test
  void argumentsAreValidatedBeforeAnythingIsSent() {
    FrameChannel[] pair = FrameChannel.inMemoryPair();
    Kk13Ot ot = new Kk13Ot(pair[0], new SecureRandom());
    for (int bad : new int[] {-4, 0, 1, 3, 6, 100, 512}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ot.sendOneOfN(new long[bad > 0 ? bad * 4 : 8], bad, 8));
      assertTrue(e.getMessage().contains("power of two"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> ot.receiveOneOfN(new int[4], bad, 8));
    }
    for (int bad : new int[] {-1, 0, 65, 128}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ot.sendOneOfN(new long[16], 4, bad));
      assertTrue(e.getMessage().contains("bitwidth"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> ot.receiveOneOfN(new int[4], 4, bad));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ot.sendOneOfN(new long[17], 4, 8));
    assertTrue(e.getMessage().contains("multiple of N"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ot.receiveOneOfN(new int[] {0, 1, 4}, 4, 8));
    assertTrue(e.getMessage().contains("choices[2] = 4"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ot.receiveOneOfN(new int[] {-1}, 4, 8));
    assertTrue(e.getMessage().contains("choices[0] = -1"), e.getMessage());
    assertThrows(NullPointerException.class, () -> ot.sendOneOfN(null, 4, 8));
    assertThrows(NullPointerException.class, () -> ot.receiveOneOfN(null, 4, 8));
    assertThrows(NullPointerException.class, () -> new Kk13Ot(null, new SecureRandom()));
    assertThrows(NullPointerException.class, () -> new Kk13Ot(pair[0], null));
    assertEquals(0, pair[0].traffic().bytesSent(), "nothing sent");
    assertEquals("", pair[0].traffic().currentPath(), "no scope left open");
  }

  // ------------------------------------------------------------------------------------------------ large, gRPC

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void oneMillionInstancesOf1OutOf16() throws Exception {
    int n = 1_000_000;
    int bigN = 16;
    int l = 8;
    Random rnd = new Random(1);
    long[] m = randomMessages(n, bigN, l, rnd);
    int[] x = randomChoices(n, bigN, rnd);
    long start = System.nanoTime();
    var res = TwoParties.inMemory(ch -> {
      new Kk13Ot(ch, new SecureRandom()).sendOneOfN(m, bigN, l);
      return ch.traffic().bytesSent();
    }, ch -> new Kk13Ot(ch, new SecureRandom()).receiveOneOfN(x, bigN, l), 110);
    double secs = (System.nanoTime() - start) / 1e9;
    System.out.printf("kk13 n=%d N=%d l=%d: %.2f s including base OTs (%.0f OT/s), sender sent %d B%n", n, bigN, l,
        secs, n / secs, res.server());
    assertPicked(new Job(n, bigN, l, true), new Inputs(m, x), res.client());
  }

  @Test
  void overLoopbackGrpc() throws Exception {
    int n = 200_000;
    Random rnd = new Random(6);
    Job down = new Job(n, 16, 8, true);
    Job up = new Job(1000, 256, 40, false);
    Inputs dIn = inputs(down, rnd);
    Inputs uIn = inputs(up, rnd);
    long[][] serverGot = new long[1][];
    java.util.concurrent.CompletableFuture<long[]> fromServer = new java.util.concurrent.CompletableFuture<>();
    try (LoopbackGrpc link = new LoopbackGrpc((hello, ch) -> {
      try {
        Kk13Ot ot = new Kk13Ot(ch, new SecureRandom());
        ot.sendOneOfN(dIn.messages(), down.bigN(), down.l());
        fromServer.complete(ot.receiveOneOfN(uIn.choices(), up.bigN(), up.l()));
      } catch (Throwable t) {
        fromServer.completeExceptionally(t);
        throw t;
      }
    }, FrameChannel.Options.defaults())) {
      FrameChannel ch = link.open("kk13-test");
      Kk13Ot ot = new Kk13Ot(ch, new SecureRandom());
      long[] got = ot.receiveOneOfN(dIn.choices(), down.bigN(), down.l());
      ot.sendOneOfN(uIn.messages(), up.bigN(), up.l());
      serverGot[0] = fromServer.get(SECONDS, TimeUnit.SECONDS);
      ch.close();
      assertPicked(down, dIn, got);
      assertPicked(up, uIn, serverGot[0]);
    }
  }
}
