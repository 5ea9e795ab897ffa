package org.sirnn.fixed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.sirnn.clear.FixedOps;
import org.sirnn.mpc.Party;
import org.sirnn.ot.OtBackend;
import org.sirnn.test.SecureBatch;

@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ParameterizedClass
@EnumSource(OtBackend.class)
class ExtensionTruncationTest {

  /** Both parties' OT backend: every test runs on IKNP and on Ferret. */
  @Parameter
  OtBackend backend;

  /** One secure unary op on shares of an inBits-wide x, into outBits. */
  @FunctionalInterface
  interface SecureOp {
    long[] apply(Party p, long[] share);
  }

  /** One case of a batch: name, input and output widths, the secure op and its twin. */
  record Case(String what, int inBits, int outBits, SecureOp op, LongUnaryOperator twin) {}

  private void check(String what, int inBits, int outBits, int n, long seed, SecureOp op,
      LongUnaryOperator twin) throws Exception {
    checkAll(java.util.List.of(new Case(what, inBits, outBits, op, twin)), n, seed);
  }

  /** Runs every case in one two-party session (one base-OT setup) and compares with the twins. */
  private void checkAll(java.util.List<Case> cases, int n, long seed) throws Exception {
    Random rnd = new Random(seed);
    java.util.List<SecureBatch.Case> batch = new java.util.ArrayList<>();
    for (Case c : cases) {
      batch.add(new SecureBatch.Case(FixedTestSupport.values(rnd, n, c.inBits()), c.inBits(), c.outBits(),
          (p, sh) -> c.op().apply(p, sh)));
    }
    long[][] got = SecureBatch.run(backend, batch, seed, 240);
    for (int c = 0; c < cases.size(); c++) {
      Case cs = cases.get(c);
      long[] x = batch.get(c).inputs();
      for (int i = 0; i < n; i++) {
        assertEquals(cs.twin().applyAsLong(x[i]), got[c][i], cs.what() + " of x=" + x[i] + " (element " + i + ")");
      }
    }
  }

  @Test
  void zextAndSext_randomizedSweepOverAllPairsUpTo64() throws Exception {
    Random pick = new Random(77);
    java.util.List<Case> cases = new java.util.ArrayList<>();
    // every pair m < n would be 2016 two-party runs; sweep a random third of them plus all pairs with n = 64
    for (int m = 1; m < 64; m++) {
      for (int n = m + 1; n <= 64; n++) {
        if (n != 64 && m != 1 && pick.nextInt(12) != 0) {
          continue;
        }
        final int fm = m;
        final int fn = n;
        cases.add(new Case("zext " + m + "->" + n, m, n, (p, sh) -> Extension.zext(p, sh, fm, fn),
            v -> FixedOps.zext(v, fm, fn)));
        cases.add(new Case("sext " + m + "->" + n, m, n, (p, sh) -> Extension.sext(p, sh, fm, fn),
            v -> FixedOps.sext(v, fm, fn)));
      }
    }
    checkAll(cases, 24, 77);
  }

  /**
   * Zero extension with a public zero MSB (Kernels.extendNonNegative): for values below 2^(m-1), edges 0, 1 and
   * 2^(m-1) - 1 included, it equals the twin (the value itself) at every tested width pair.
   */
  @Test
  void zextNonNegative_equalsTheValue_forValuesBelowHalfTheRing() throws Exception {
    int[][] pairs = {{2, 3}, {8, 16}, {16, 32}, {16, 17}, {31, 64}, {32, 40}, {63, 64}};
    Random rnd = new Random(31);
    for (int[] mn : pairs) {
      int m = mn[0];
      int n = mn[1];
      long top = (1L << (m - 1)) - 1;
      long[] x = new long[300];
      for (int i = 0; i < x.length; i++) {
        x[i] = i == 0 ? 0 : i == 1 ? 1 : i == 2 ? top : i == 3 ? top - 1 : rnd.nextLong() & top;
      }
      long[][] sh = org.sirnn.test.Inputs.split(rnd, x, m);
      var r = org.sirnn.test.Parties.symmetric(backend, p -> Extension.zextNonNegative(p, sh[p.index()], m, n), 60);
      assertArrayEquals(x, org.sirnn.test.Inputs.open(r.server(), r.client(), n), backend + " " + m + " -> " + n);
    }
  }

  @Test
  void truncations_equalTwin() throws Exception {
    int[][] cases = {{2, 1}, {8, 3}, {16, 12}, {16, 1}, {21, 9}, {32, 12}, {37, 20}, {63, 31}, {64, 1}, {64, 32},
        {64, 63}};
    java.util.List<Case> all = new java.util.ArrayList<>();
    for (int[] c : cases) {
      int l = c[0];
      int s = c[1];
      all.add(new Case("tr " + l + ">>" + s, l, l - s, (p, sh) -> Truncation.truncateReduce(p, sh, l, s),
          v -> FixedOps.truncateReduce(v, l, s)));
      all.add(new Case("lrs " + l + ">>" + s, l, l, (p, sh) -> Truncation.logicalShift(p, sh, l, s),
          v -> FixedOps.lrs(v, l, s)));
      all.add(new Case("ars " + l + ">>" + s, l, l, (p, sh) -> Truncation.arithmeticShift(p, sh, l, s),
          v -> FixedOps.ars(v, l, s)));
      all.add(new Case("divpow2 " + l + "/2^" + s, l, l, (p, sh) -> Truncation.divPow2(p, sh, l, s),
          v -> FixedOps.divPow2(v, l, s)));
    }
    checkAll(all, 300, 99);
  }

  @Test
  void truncateReduce_largeBatch() throws Exception {
    check("tr 32>>12", 32, 20, 100_000, 5, (p, sh) -> Truncation.truncateReduce(p, sh, 32, 12),
        v -> FixedOps.truncateReduce(v, 32, 12));
  }
}
