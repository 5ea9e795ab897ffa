package org.sirnn.ot.base;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sirnn.net.Channel;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.Traffic;
import org.sirnn.test.TwoParties;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NaorPinkasOtTest {

  private static final int SECONDS = 20;

  private record Block(long lo, long hi) {}

  /** Keys and the traffic of the base-ot scope of one side. */
  private record Side(long[] keys, Traffic.Stats stats) {}

  private static long[] randomChoices(int n, Random rnd) {
    long[] words = new long[(n + 63) / 64];
    for (int i = 0; i < words.length; i++) {
      words[i] = rnd.nextLong();
    }
    return words;
  }

  private static int bit(long[] words, int i) {
    return (int) (words[i / 64] >>> (i % 64)) & 1;
  }

  private static Block block(long[] a, int j) {
    return new Block(a[2 * j], a[2 * j + 1]);
  }

  private static Side sender(Channel ch, int n) {
    long[] keys = NaorPinkasOt.send(ch, n, new SecureRandom());
    return new Side(keys, ch.traffic().stats(NaorPinkasOt.SCOPE));
  }

  private static Side receiver(Channel ch, long[] choices, int n) {
    long[] keys = NaorPinkasOt.receive(ch, choices, n, new SecureRandom());
    return new Side(keys, ch.traffic().stats(NaorPinkasOt.SCOPE));
  }

  /** Runs n OTs; serverSends picks the direction. Returns [sender side, receiver side]. */
  private static Side[] run(int n, long[] choices, boolean serverSends) throws Exception {
    if (serverSends) {
      var res = TwoParties.inMemory(ch -> sender(ch, n), ch -> receiver(ch, choices, n), SECONDS);
      return new Side[] {res.server(), res.client()};
    }
    var res = TwoParties.inMemory(ch -> receiver(ch, choices, n), ch -> sender(ch, n), SECONDS);
    return new Side[] {res.client(), res.server()};
  }

  private static void checkCorrect(int n, long[] choices, long[] sent, long[] received) {
    assertEquals(4 * n, sent.length);
    assertEquals(2 * n, received.length);
    Set<Block> distinct = new HashSet<>();
    for (int i = 0; i < n; i++) {
      int b = bit(choices, i);
      Block got = block(received, i);
      assertEquals(block(sent, 2 * i + b), got, "OT " + i + ": receiver's key differs from the sender's key_b");
      assertNotEquals(block(sent, 2 * i + 1 - b), got, "OT " + i + ": receiver got key_{1-b}");
      distinct.add(block(sent, 2 * i));
      distinct.add(block(sent, 2 * i + 1));
    }
    assertEquals(2 * n, distinct.size(), "sender's keys are not all distinct");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 128, 256, 1000})
  void serverAsSender(int n) throws Exception {
    long[] choices = randomChoices(n, new Random(n));
    Side[] s = run(n, choices, true);
    checkCorrect(n, choices, s[0].keys(), s[1].keys());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 128, 256, 1000})
  void clientAsSender(int n) throws Exception {
    long[] choices = randomChoices(n, new Random(~n));
    Side[] s = run(n, choices, false);
    checkCorrect(n, choices, s[0].keys(), s[1].keys());
  }

  @Test
  void allZeroAndAllOneChoices() throws Exception {
    int n = 130; // crosses a word boundary
    for (long fill : new long[] {0L, -1L}) {
      long[] choices = {fill, fill, fill};
      Side[] s = run(n, choices, true);
      checkCorrect(n, choices, s[0].keys(), s[1].keys());
    }
  }

  @Test
  void choiceBitsAboveNAreIgnored() throws Exception {
    int n = 5;
    long[] choices = {0b10110L | (0xABCDL << 5)};
    Side[] s = run(n, choices, false);
    checkCorrect(n, choices, s[0].keys(), s[1].keys());
  }

  @Test
  void twoRunsWithTheSameChoicesGiveFreshKeys() throws Exception {
    int n = 128;
    long[] choices = randomChoices(n, new Random(7));
    Side[] a = run(n, choices, true);
    Side[] b = run(n, choices, true);
    checkCorrect(n, choices, a[0].keys(), a[1].keys());
    checkCorrect(n, choices, b[0].keys(), b[1].keys());
    Set<Block> first = new HashSet<>();
    for (int j = 0; j < 2 * n; j++) {
      first.add(block(a[0].keys(), j));
    }
    for (int j = 0; j < 2 * n; j++) {
      assertFalse(first.contains(block(b[0].keys(), j)), "key " + j + " repeats across sessions");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 128, 1000})
  void trafficIsAboutOnePointPerOtPlusTwo(int n) throws Exception {
    long[] choices = randomChoices(n, new Random(3 * n));
    Side[] s = run(n, choices, true);
    Traffic.Stats snd = s[0].stats();
    Traffic.Stats rcv = s[1].stats();
    int down = NaorPinkasOt.SENDER_MESSAGE_BYTES; // nonce + C + R
    int up = NaorPinkasOt.POINT_BYTES * n;
    assertEquals(33 * (n + 2) + 16, down + up);
    System.out.printf("base-ot n=%d: sender sent %d (payload %d), received %d (payload %d), rounds %d%n",
        n, snd.bytesSent(), down, snd.bytesReceived(), up, snd.rounds());
    // payload plus a little framing (protobuf tags/lengths, frame header, 5-byte gRPC prefix) in each direction
    assertTrue(snd.bytesSent() > down && snd.bytesSent() <= down + 40, "sender sent " + snd.bytesSent());
    assertTrue(snd.bytesReceived() > up && snd.bytesReceived() <= up + 40, "sender received " + snd.bytesReceived());
    assertEquals(snd.bytesSent(), rcv.bytesReceived());
    assertEquals(snd.bytesReceived(), rcv.bytesSent());
    assertEquals(2, snd.rounds());
    assertEquals(2, rcv.rounds());
    assertEquals(1, snd.calls());
    assertEquals(1, rcv.calls());
  }

  // ------------------------------------------------------------------------------------------ malformed input

  /** A receiver that reads the sender's message and answers with {@code reply}. */
  private static TwoParties.Half<Void> handMadeReceiver(byte[] reply) {
    return ch -> {
      byte[] first = ch.receiveBytes(NaorPinkasOt.SENDER_MESSAGE_BYTES);
      assertEquals(NaorPinkasOt.SENDER_MESSAGE_BYTES, first.length);
      ch.sendBytes(reply);
      ch.flush();
      return null;
    };
  }

  /** A sender that sends {@code msg} as its first message and stops. */
  private static TwoParties.Half<Void> handMadeSender(byte[] msg) {
    return ch -> {
      ch.sendBytes(msg);
      ch.flush();
      return null;
    };
  }

  /** n honest-looking compressed points (random multiples of G). */
  private static byte[] validPoints(int n) {
    var k = P256.randomScalars(n, new SecureRandom());
    byte[] out = new byte[33 * n];
    for (int i = 0; i < n; i++) {
      P256.encode(P256.mulG(k[i]).normalize(), out, 33 * i);
    }
    return out;
  }

  /** Runs an honest sender of n OTs against a receiver replying {@code reply}, expecting MALFORMED. */
  private static ProtocolAbortException senderRejects(int n, byte[] reply, boolean serverSends) {
    ProtocolAbortException e = assertThrows(ProtocolAbortException.class, () -> {
      if (serverSends) {
        TwoParties.inMemory(ch -> sender(ch, n), handMadeReceiver(reply), SECONDS);
      } else {
        TwoParties.inMemory(handMadeReceiver(reply), ch -> sender(ch, n), SECONDS);
      }
    });
    assertEquals(ProtocolAbortException.Reason.MALFORMED, e.reason(), e.getMessage());
    return e;
  }

  /** Changes the x coordinate of the point at {@code at} until it no longer decodes (deterministic search). */
  private static void breakPoint(byte[] msg, int at) {
    for (int v = 1; v < 256; v++) {
      byte[] trial = msg.clone();
      trial[at + 32] ^= (byte) v;
      try {
        P256.CURVE.decodePoint(java.util.Arrays.copyOfRange(trial, at, at + 33));
      } catch (IllegalArgumentException notOnCurve) {
        System.arraycopy(trial, at, msg, at, 33);
        return;
      }
    }
    throw new AssertionError("no invalid x found");
  }

  @Test
  void senderRejectsGarbageOfTheRightLength() {
    int n = 16;
    byte[] garbage = new byte[33 * n];
    new Random(1).nextBytes(garbage);
    garbage[0] = 0x05; // make sure at least the first point is invalid regardless of the random draw
    ProtocolAbortException e = senderRejects(n, garbage, true);
    assertTrue(e.getMessage().contains("PK0[0]"), e.getMessage());
    senderRejects(n, garbage, false);
  }

  @Test
  void senderRejectsAFlippedByteOffTheCurve() {
    int n = 8;
    byte[] reply = validPoints(n);
    breakPoint(reply, 33 * 5);
    ProtocolAbortException e = senderRejects(n, reply, true);
    assertTrue(e.getMessage().contains("PK0[5]") && e.getMessage().contains("not a valid P-256 point"),
        e.getMessage());
  }

  @Test
  void senderRejectsBadPrefixesInfinityAndXAboveThePrime() {
    int n = 4;
    byte[] base = validPoints(n);

    byte[] uncompressedPrefix = base.clone();
    uncompressedPrefix[33 * 2] = 0x04;
    assertTrue(senderRejects(n, uncompressedPrefix, true).getMessage().contains("PK0[2]"));

    byte[] infinity = base.clone();
    java.util.Arrays.fill(infinity, 33, 66, (byte) 0);
    assertTrue(senderRejects(n, infinity, true).getMessage().contains("PK0[1]"));

    byte[] bigX = base.clone();
    java.util.Arrays.fill(bigX, 33 * 3 + 1, 33 * 4, (byte) 0xff);
    assertTrue(senderRejects(n, bigX, true).getMessage().contains("PK0[3]"));
  }

  @Test
  void senderRejectsTheWrongLength() {
    int n = 8;
    byte[] valid = validPoints(n + 1);
    senderRejects(n, java.util.Arrays.copyOf(valid, 33 * n - 1), true);
    senderRejects(n, java.util.Arrays.copyOf(valid, 33 * n + 1), true);
    senderRejects(n, java.util.Arrays.copyOf(valid, 33 * (n - 1)), false);
    senderRejects(n, java.util.Arrays.copyOf(valid, 33 * (n + 1)), false);
    senderRejects(n, new byte[0], true);
  }

  private static ProtocolAbortException receiverRejects(byte[] msg) {
    ProtocolAbortException e = assertThrows(ProtocolAbortException.class, () ->
        TwoParties.inMemory(handMadeSender(msg), ch -> receiver(ch, new long[] {5L}, 3), SECONDS));
    assertEquals(ProtocolAbortException.Reason.MALFORMED, e.reason(), e.getMessage());
    return e;
  }

  @Test
  void receiverRejectsMalformedSenderMessages() {
    byte[] good = new byte[NaorPinkasOt.SENDER_MESSAGE_BYTES];
    new Random(2).nextBytes(good);
    System.arraycopy(validPoints(2), 0, good, 16, 66);

    byte[] badC = good.clone();
    breakPoint(badC, 16);
    assertTrue(receiverRejects(badC).getMessage().contains("point C"));

    byte[] badR = good.clone();
    badR[16 + 33] = 0x07;
    assertTrue(receiverRejects(badR).getMessage().contains("point R"));

    byte[] infR = good.clone();
    java.util.Arrays.fill(infR, 49, 82, (byte) 0);
    assertTrue(receiverRejects(infR).getMessage().contains("point R"));

    receiverRejects(java.util.Arrays.copyOf(good, good.length - 1));
    receiverRejects(java.util.Arrays.copyOf(good, good.length + 1));
  }

  @Test
  void decodeAcceptsWhatEncodeWrites() {
    byte[] pts = validPoints(3);
    for (int i = 0; i < 3; i++) {
      var p = P256.decode(pts, 33 * i, "test point", i);
      byte[] again = new byte[33];
      P256.encode(p, again, 0);
      assertArrayEquals(java.util.Arrays.copyOfRange(pts, 33 * i, 33 * i + 33), again);
    }
  }

  @Test
  void argumentsAreChecked() {
    var rnd = new SecureRandom();
    assertThrows(IllegalArgumentException.class, () -> NaorPinkasOt.send(dummy(), 0, rnd));
    assertThrows(IllegalArgumentException.class, () -> NaorPinkasOt.send(dummy(), NaorPinkasOt.MAX_OTS + 1, rnd));
    assertThrows(IllegalArgumentException.class, () -> NaorPinkasOt.receive(dummy(), new long[1], 65, rnd));
    assertThrows(IllegalArgumentException.class, () -> NaorPinkasOt.receive(dummy(), new long[1], -1, rnd));
    assertThrows(NullPointerException.class, () -> NaorPinkasOt.send(dummy(), 1, null));
  }

  private static Channel dummy() {
    return org.sirnn.net.FrameChannel.inMemoryPair()[0];
  }
}
