package org.sirnn.mpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sirnn.ot.OtBackend;
import org.sirnn.test.Parties;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ParameterizedClass
@EnumSource(OtBackend.class)
class AndTest {

  /** Both parties' OT backend: every test runs on IKNP and on Ferret. */
  @Parameter
  OtBackend backend;

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 1001})
  void triples_satisfyCEqualsAAndB_bothSenders(int count) throws Exception {
    var r = Parties.symmetric(backend, p -> new BitTriples[] {BitTriples.generate(p, count),
        BitTriples.generate(p, count, Party.Role.CLIENT)}, 30);
    for (int k = 0; k < 2; k++) {
      BitTriples s = r.server()[k];
      BitTriples c = r.client()[k];
      assertEquals(count, s.size());
      assertEquals(count, c.size());
      int ones = 0;
      for (int i = 0; i < count; i++) {
        long a = s.a()[i] ^ c.a()[i];
        long b = s.b()[i] ^ c.b()[i];
        assertEquals(a & b, s.c()[i] ^ c.c()[i], "triple " + i);
        assertTrue((s.a()[i] | s.b()[i] | s.c()[i] | c.a()[i] | c.b()[i] | c.c()[i]) <= 1);
        ones += (int) a;
      }
      if (count > 100) {
        assertTrue(ones > count / 3 && ones < 2 * count / 3, "a looks biased: " + ones);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 100_000})
  void and_ofRandomBits(int n) throws Exception {
    Random rnd = new Random(n);
    long[] x0 = ShareTestSupport.random(rnd, n, 1);
    long[] x1 = ShareTestSupport.random(rnd, n, 1);
    long[] y0 = ShareTestSupport.random(rnd, n, 1);
    long[] y1 = ShareTestSupport.random(rnd, n, 1);
    var r = Parties.run(backend, p -> And.and(p, x0, y0), p -> And.and(p, x1, y1), 30);
    for (int i = 0; i < n; i++) {
      assertEquals((x0[i] ^ x1[i]) & (y0[i] ^ y1[i]), r.server()[i] ^ r.client()[i], "i=" + i);
    }
  }

  @Test
  void and_withPreparedTriples_atOffsets() throws Exception {
    Random rnd = new Random(7);
    int n = 500;
    long[][] v = new long[8][];
    for (int k = 0; k < 8; k++) {
      v[k] = ShareTestSupport.random(rnd, n, 1);
    }
    var r = Parties.run(backend, p -> {
      BitTriples t = BitTriples.generate(p, 2 * n + 1);
      return new long[][] {And.and(p, v[0], v[1], t, 0), And.and(p, v[2], v[3], t, n + 1)};
    }, p -> {
      BitTriples t = BitTriples.generate(p, 2 * n + 1);
      return new long[][] {And.and(p, v[4], v[5], t, 0), And.and(p, v[6], v[7], t, n + 1)};
    }, 30);
    for (int k = 0; k < 2; k++) {
      long[] want = new long[n];
      long[] got = new long[n];
      for (int i = 0; i < n; i++) {
        want[i] = (v[2 * k][i] ^ v[2 * k + 4][i]) & (v[2 * k + 1][i] ^ v[2 * k + 5][i]);
        got[i] = r.server()[k][i] ^ r.client()[k][i];
      }
      assertArrayEquals(want, got);
    }
  }

  /** AND: half a 1-of-16 OT per triple plus 4 bits to open d, e: 148 bits on IKNP, 22 on Ferret; 3 rounds. */
  @Test
  void and_costsHalfAOneOf16OtPlus4BitsAnd3Rounds() throws Exception {
    int n = 1 << 14;
    Random rnd = new Random(5);
    long[] x = ShareTestSupport.random(rnd, n, 1);
    double triple = CostProbe.oneOf16Bits(backend) / 2;
    CostProbe.Cost c = CostProbe.measure(backend, Party.Role.CLIENT, p -> And.and(p, x, x));
    double bits = c.bitsPer(n);
    System.out.printf("and %s n=%d: %.1f bits/AND (formula %.0f), %d rounds%n", backend, n, bits, triple + 4,
        c.rounds());
    assertTrue(bits <= (triple + 4) * 1.1 && bits >= (triple + 4) * 0.9, "bits per AND " + bits);
    assertEquals(3, c.rounds());
    CostProbe.Cost t = CostProbe.measure(backend, Party.Role.CLIENT, p -> BitTriples.generate(p, n));
    assertTrue(Math.abs(t.bitsPer(n) - triple) < triple / 10, "bits per triple " + t.bitsPer(n));
    assertEquals(2, t.rounds());
  }
}
