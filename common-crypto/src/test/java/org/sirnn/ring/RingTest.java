package org.sirnn.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RingTest {

  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  private static BigInteger unsigned(long x) {
    BigInteger b = BigInteger.valueOf(x);
    return x < 0 ? b.add(TWO_64) : b;
  }

  private static BigInteger modulus(int l) {
    return BigInteger.ONE.shiftLeft(l);
  }

  /** x mod 2^l as a long (unsigned view). */
  private static long ref(BigInteger x, int l) {
    return x.mod(modulus(l)).longValue();
  }

  /** Edge values for bitwidth l: 0, 1, -1 mod 2^l, 2^(l-1)-1, 2^(l-1), plus unreduced garbage. */
  private static long[] edges(int l) {
    long m = l == 64 ? -1L : (1L << l) - 1;
    long half = 1L << (l - 1);
    return new long[] {
      0L, 1L, m, half - 1, half, -1L, Long.MIN_VALUE, Long.MAX_VALUE, m + 1, half | ~m, 2L
    };
  }

  private static long[] testValues(int l, SplittableRandom rnd) {
    long[] e = edges(l);
    long[] v = new long[e.length + 40];
    System.arraycopy(e, 0, v, 0, e.length);
    for (int i = e.length; i < v.length; i++) {
      v[i] = rnd.nextLong();
    }
    return v;
  }

  @Test
  void checkBitwidth_acceptsOneToSixtyFourAndRejectsOthersWithRangeInMessage() {
    for (int l = 1; l <= 64; l++) {
      Ring.checkBitwidth(l);
    }
    for (int bad : new int[] {0, -1, 65, 128, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      IllegalArgumentException ex =
          assertThrows(IllegalArgumentException.class, () -> Ring.checkBitwidth(bad));
      assertTrue(ex.getMessage().contains("1..64"), ex.getMessage());
      assertTrue(ex.getMessage().contains(Integer.toString(bad)), ex.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Ring.mask(0));
    assertThrows(IllegalArgumentException.class, () -> Ring.add(1, 2, 65));
    assertThrows(IllegalArgumentException.class, () -> Ring.signed(1, 0));
    assertThrows(IllegalArgumentException.class, () -> Ring.msb(1, 65));
    assertThrows(IllegalArgumentException.class, () -> Ring.reduce(new long[1], 0));
    assertThrows(
        IllegalArgumentException.class, () -> Ring.add(new long[1], new long[1], new long[1], 65));
    assertThrows(IllegalArgumentException.class, () -> Ring.signedView(new long[1], 65));
  }

  @Test
  void mask_isTwoToTheLMinusOneForEveryBitwidth() {
    for (int l = 1; l <= 64; l++) {
      assertEquals(modulus(l).subtract(BigInteger.ONE).longValue(), Ring.mask(l), "l=" + l);
    }
    assertEquals(-1L, Ring.mask(64));
    assertEquals(1L, Ring.mask(1));
  }

  @Test
  void scalarOps_matchBigIntegerReferenceForEveryBitwidth() {
    SplittableRandom rnd = new SplittableRandom(1);
    for (int l = 1; l <= 64; l++) {
      long[] vals = testValues(l, rnd);
      for (long a : vals) {
        BigInteger ba = unsigned(a);
        assertEquals(ref(ba, l), Ring.reduce(a, l), "reduce l=" + l);
        assertEquals(ref(ba.negate(), l), Ring.neg(a, l), "neg l=" + l);
        for (long b : vals) {
          BigInteger bb = unsigned(b);
          String ctx = "l=" + l + " a=" + a + " b=" + b;
          assertEquals(ref(ba.add(bb), l), Ring.add(a, b, l), "add " + ctx);
          assertEquals(ref(ba.subtract(bb), l), Ring.sub(a, b, l), "sub " + ctx);
          assertEquals(ref(ba.multiply(bb), l), Ring.mul(a, b, l), "mul " + ctx);
        }
      }
    }
  }

  @Test
  void signedAndMsb_matchTwosComplementReferenceForEveryBitwidth() {
    SplittableRandom rnd = new SplittableRandom(2);
    for (int l = 1; l <= 64; l++) {
      BigInteger mod = modulus(l);
      BigInteger half = BigInteger.ONE.shiftLeft(l - 1);
      for (long a : testValues(l, rnd)) {
        BigInteger r = unsigned(a).mod(mod);
        boolean neg = r.compareTo(half) >= 0;
        long expected = (neg ? r.subtract(mod) : r).longValueExact();
        assertEquals(expected, Ring.signed(a, l), "signed l=" + l + " a=" + a);
        assertEquals(neg, Ring.msb(a, l), "msb l=" + l + " a=" + a);
      }
    }
  }

  @Test
  void signed_isCorrectAtBoundaries() {
    for (int l = 1; l <= 64; l++) {
      long m = Ring.mask(l);
      long half = 1L << (l - 1);
      assertEquals(0L, Ring.signed(0, l));
      assertEquals(-1L, Ring.signed(m, l), "l=" + l);
      assertEquals(-half, Ring.signed(half, l), "min, l=" + l);
      assertEquals(half - 1, Ring.signed(half - 1, l), "max, l=" + l);
      assertTrue(Ring.msb(half, l));
      assertFalse(Ring.msb(half - 1, l));
      // reducing the signed view gives back the unsigned view
      assertEquals(half, Ring.reduce(Ring.signed(half, l), l));
      assertEquals(m, Ring.reduce(Ring.signed(m, l), l));
    }
    assertEquals(-1L, Ring.signed(1, 1));
    assertEquals(0L, Ring.signed(2, 1));
    assertEquals(Long.MIN_VALUE, Ring.signed(Long.MIN_VALUE, 64));
    assertEquals(Long.MAX_VALUE, Ring.signed(Long.MAX_VALUE, 64));
    assertEquals(127L, Ring.signed(127, 8));
    assertEquals(-128L, Ring.signed(128, 8));
    assertEquals(-1L, Ring.signed(0xFFL, 8));
    assertEquals(-1L, Ring.signed(0xABCDFFL, 8));
  }

  @Test
  void arrayOps_matchScalarOpsForEveryBitwidth() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int l = 1; l <= 64; l++) {
      int n = 1 + rnd.nextInt(200);
      long[] a = new long[n];
      long[] b = new long[n];
      for (int i = 0; i < n; i++) {
        a[i] = rnd.nextLong();
        b[i] = rnd.nextLong();
      }
      long[] e = edges(l);
      System.arraycopy(e, 0, a, 0, Math.min(n, e.length));
      long[] out = new long[n];

      Ring.add(a, b, out, l);
      for (int i = 0; i < n; i++) {
        assertEquals(Ring.add(a[i], b[i], l), out[i]);
      }
      Ring.sub(a, b, out, l);
      for (int i = 0; i < n; i++) {
        assertEquals(Ring.sub(a[i], b[i], l), out[i]);
      }
      Ring.mul(a, b, out, l);
      for (int i = 0; i < n; i++) {
        assertEquals(Ring.mul(a[i], b[i], l), out[i]);
      }
      Ring.neg(a, out, l);
      for (int i = 0; i < n; i++) {
        assertEquals(Ring.neg(a[i], l), out[i]);
      }
      long c = rnd.nextLong();
      Ring.addConst(a, c, out, l);
      for (int i = 0; i < n; i++) {
        assertEquals(Ring.add(a[i], c, l), out[i]);
      }
      Ring.mulConst(a, c, out, l);
      for (int i = 0; i < n; i++) {
        assertEquals(Ring.mul(a[i], c, l), out[i]);
      }
      long[] sv = Ring.signedView(a, l);
      assertEquals(n, sv.length);
      for (int i = 0; i < n; i++) {
        assertEquals(Ring.signed(a[i], l), sv[i]);
      }
      long[] r = a.clone();
      Ring.reduce(r, l);
      for (int i = 0; i < n; i++) {
        assertEquals(Ring.reduce(a[i], l), r[i]);
      }
    }
  }

  @Test
  void arrayOps_allowOutputAliasingInputs() {
    int l = 37;
    long[] a = {5, Ring.mask(l), 1L << 40, -3};
    long[] b = {7, 1, 3, -5};
    long[] expected = new long[a.length];
    Ring.add(a, b, expected, l);
    long[] a2 = a.clone();
    Ring.add(a2, b, a2, l);
    assertArrayEquals(expected, a2);
    long[] b2 = b.clone();
    Ring.add(a, b2, b2, l);
    assertArrayEquals(expected, b2);
    long[] n = a.clone();
    Ring.neg(n, n, l);
    for (int i = 0; i < a.length; i++) {
      assertEquals(Ring.neg(a[i], l), n[i]);
    }
  }

  @Test
  void signedView_returnsNewArrayAndLeavesInputUntouched() {
    long[] a = {0, 1, 255, 128, 127};
    long[] copy = a.clone();
    long[] s = Ring.signedView(a, 8);
    assertArrayEquals(copy, a);
    assertArrayEquals(new long[] {0, 1, -1, -128, 127}, s);
    assertTrue(s != a);
    assertEquals(0, Ring.signedView(new long[0], 5).length);
  }

  @Test
  void arrayOps_rejectMismatchedLengths() {
    long[] a = new long[3];
    long[] b = new long[4];
    assertThrows(IllegalArgumentException.class, () -> Ring.add(a, b, new long[3], 8));
    assertThrows(IllegalArgumentException.class, () -> Ring.sub(a, a, new long[2], 8));
    assertThrows(IllegalArgumentException.class, () -> Ring.mul(a, b, new long[3], 8));
    assertThrows(IllegalArgumentException.class, () -> Ring.neg(a, new long[4], 8));
    assertThrows(NullPointerException.class, () -> Ring.add(a, null, new long[3], 8));
  }
}
