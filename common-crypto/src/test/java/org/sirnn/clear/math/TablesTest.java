package org.sirnn.clear.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Shapes, ranges, packing, caching and copying of the lookup tables. */
class TablesTest {

  @Test
  void expDigitTablesFollowTheProcedure() {
    long[] t0 = ExpTables.expDigitTable(0, 8, 12, 12);
    long[] t1 = ExpTables.expDigitTable(1, 8, 12, 12);
    assertEquals(256, t0.length);
    assertEquals(4096, t0[0]);
    assertEquals(4095, t0[1]); // e^(-1/4096) * 4096 = 4095.0002
    assertEquals(3848, t0[255]); // e^(-255/4096) * 4096 = 3848.75
    assertEquals(4096, t1[0]);
    assertEquals(3847, t1[1]); // digit 1 reads its index at scale 4: e^(-1/16) * 4096 = 3847.8
    assertEquals(0, t1[255]); // e^(-255/16) * 4096 = 4.9e-4
    // the negative-scale branch: digit 1 of an input at scale 7 reads j * 2
    assertEquals((long) (Math.exp(-2.0) * 4096), ExpTables.expDigitTable(1, 8, 7, 12)[1]);
    assertEquals((long) (Math.exp(-2.0 * 255) * 4096), ExpTables.expDigitTable(1, 8, 7, 12)[255]);
  }

  @Test
  void expEntriesAreMonotoneAndBounded() {
    for (int sIn = -1; sIn <= 16; sIn++) {
      for (int sOut = 0; sOut <= 31; sOut++) {
        long[] t = ExpTables.expDigitTable(0, 8, sIn, sOut);
        assertEquals(1L << sOut, t[0]);
        for (int j = 1; j < t.length; j++) {
          assertTrue(t[j] <= t[j - 1] && t[j] >= 0, "sIn=" + sIn + " sOut=" + sOut + " j=" + j);
        }
      }
    }
  }

  @Test
  void expTablesAgreeWithStrictMath() {
    // Math.exp (an intrinsic) and StrictMath.exp (fdlibm) give the same entries wherever the tests look
    for (int sIn = -1; sIn <= 24; sIn++) {
      for (int sOut = 0; sOut <= 31; sOut++) {
        for (int j = 0; j < 256; j++) {
          double t = sIn < 0 ? Math.scalb((double) j, -sIn) : j / Math.scalb(1.0, sIn);
          long strict = (long) (StrictMath.exp(-1.0 * t) * Math.scalb(1.0, sOut));
          assertEquals(strict, ExpTables.entry(j, sIn, sOut), "sIn=" + sIn + " sOut=" + sOut + " j=" + j);
        }
      }
    }
  }

  @Test
  void expTablesPerParameterSetHaveTheDigitSizes() {
    long[][] t = ExpTables.tables(new ExpParams(20, 12, 16, 12));
    assertEquals(3, t.length);
    assertEquals(256, t[0].length);
    assertEquals(256, t[1].length);
    assertEquals(16, t[2].length);
    long[] full = ExpTables.expDigitTable(2, 8, 12, 12);
    for (int j = 0; j < 16; j++) {
      assertEquals(full[j], t[2][j]);
    }
    // the short top digit by itself: its scale still steps by digitBits = 8 per digit
    assertArrayEquals(t[2], ExpTables.expDigitTable(2, 8, 4, 12, 12));
    assertEquals((long) (Math.exp(-1.0 * Math.scalb(1.0, 4)) * 4096), t[2][1], "digit 2 reads j at scale 12 - 16");
  }

  @Test
  void accessorsReturnCopiesAndTheCacheIsShared() {
    long[] a = ExpTables.expDigitTable(0, 8, 12, 12);
    a[1] = -7;
    assertEquals(4095, ExpTables.expDigitTable(0, 8, 12, 12)[1]);
    long[][] t = ExpTables.tables(new ExpParams(16, 12, 16, 12));
    t[0][1] = -7;
    assertEquals(4095, ClearMath.expNeg(0xFFFF, new ExpParams(16, 12, 16, 12)));
    assertSame(ExpTables.shared(16, 8, 12, 12), ExpTables.shared(16, 8, 12, 12));
    assertNotSame(ReciprocalTables.packedTable(5), ReciprocalTables.packedTable(5));
    long[] r = ReciprocalTables.packedTable(5);
    r[0] = 0;
    assertTrue(ReciprocalTables.packedTable(5)[0] != 0);
    long[] q = RsqrtTables.table(4);
    q[0] = 0;
    assertEquals(64, RsqrtTables.table(4)[0]);
  }

  @Test
  void reciprocalConstantsArePackedInTheirFields() {
    for (int g = 2; g <= 8; g++) {
      long[] packed = ReciprocalTables.packedTable(g);
      assertEquals(1 << g, packed.length);
      assertEquals(3 * g + 7, ReciprocalTables.packedBits(g));
      for (int i = 0; i < packed.length; i++) {
        long a0 = ReciprocalTables.a0(i, g);
        long a1 = ReciprocalTables.a1(i, g);
        // A0 in (1/4, 1) at scale g+3, A1 in (1/2, 1) at scale 2g+2: no bits lost to the masks
        assertTrue(a0 > (1L << (g + 1)) && a0 < (1L << (g + 3)), "A0 g=" + g + " i=" + i + " = " + a0);
        assertTrue(a1 > (1L << (2 * g + 1)) && a1 < (1L << (2 * g + 2)), "A1 g=" + g + " i=" + i + " = " + a1);
        assertEquals((long) ReciprocalTables.a0Value(i, g), a0);
        assertEquals((long) ReciprocalTables.a1Value(i, g), a1);
        assertEquals((a0 << (2 * g + 3)) | a1, packed[i]);
        assertEquals(a0, packed[i] >>> (2 * g + 3));
        assertEquals(a1, packed[i] & ((1L << (2 * g + 3)) - 1));
        assertEquals(0, packed[i] >>> (3 * g + 7));
      }
    }
    // g = 2: p = 1: A0 = trunc(32 / (1 * 1.25)) = 25; A1 = trunc((0.125 + sqrt(1.25)) / 1.25 * 64) = 63
    assertEquals(25, ReciprocalTables.a0(0, 2));
    assertEquals(63, ReciprocalTables.a1(0, 2));
  }

  @Test
  void rsqrtTableIsIndexedByEAndParity() {
    for (int g = 1; g <= 7; g++) {
      long[] t = RsqrtTables.table(g);
      assertEquals(1 << (g + 1), t.length);
      assertEquals(g + 3, RsqrtTables.entryBits(g));
      assertEquals(1L << (g + 2), t[0], "1/sqrt(1) at scale g+2");
      for (int e = 0; e < (1 << g); e++) {
        for (int b = 0; b <= 1; b++) {
          long v = t[(e << 1) | b];
          assertEquals(RsqrtTables.entry(e, b, g), v);
          double exact = 1 / Math.sqrt((1 + e / Math.scalb(1.0, g)) * (1 + b)) * Math.scalb(1.0, g + 2);
          assertEquals((long) exact, v);
          assertTrue(v < (1L << (g + 3)));
        }
      }
    }
    assertEquals(45, RsqrtTables.entry(0, 1, 4)); // 64 / sqrt(2) = 45.25
  }

  @Test
  void cachedTablesMatchTheAccessors() {
    for (int g = 2; g <= 8; g++) {
      for (int i = 0; i < (1 << g); i++) {
        assertEquals(ReciprocalTables.a0(i, g), ReciprocalTables.sharedA0(g)[i]);
        assertEquals(ReciprocalTables.a1(i, g), ReciprocalTables.sharedA1(g)[i]);
      }
    }
    for (int g = 1; g <= 7; g++) {
      assertArrayEquals(RsqrtTables.table(g), RsqrtTables.shared(g));
    }
  }
}
