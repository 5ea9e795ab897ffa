package org.sirnn.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.sirnn.clear.math.ClearMath;
import org.sirnn.clear.math.ExpParams;
import org.sirnn.clear.math.RsqrtParams;
import org.sirnn.clear.math.SigmoidParams;
import org.sirnn.clear.math.TanhParams;
import org.sirnn.mpc.Party;
import org.sirnn.ot.OtBackend;
import org.sirnn.ring.Ring;
import org.sirnn.test.SecureBatch;

/**
 * The secure math functions equal their cleartext twins bit for bit: on every 16-bit input at the scale pairs the
 * networks and benchmarks use, and on random plus edge inputs at other widths.
 */
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ParameterizedClass
@EnumSource(OtBackend.class)
class MathTwinTest {

  /** Both parties' OT backend: every test runs on IKNP and on Ferret. */
  @Parameter
  OtBackend backend;

  /** A function at fixed parameters: secure half and twin. */
  record Case(String name, MathFunction f, int bits, int sIn, int sOut, long[] inputs) {}

  private static long twin(Case c, long x) {
    return switch (c.f()) {
      case EXP -> ClearMath.expNeg(x, new ExpParams(c.bits(), c.sIn(), c.bits(), c.sOut()));
      case SIGMOID -> ClearMath.sigmoid(x, new SigmoidParams(c.bits(), c.sIn(), c.bits(), c.sOut()));
      case TANH -> ClearMath.tanh(x, new TanhParams(c.bits(), c.sIn(), c.bits(), c.sOut()));
      case RSQRT -> ClearMath.rsqrt(x, new RsqrtParams(c.bits(), c.sIn(), c.bits(), c.sOut()));
    };
  }

  private void runAll(List<Case> cases) throws Exception {
    List<SecureBatch.Case> batch = new ArrayList<>();
    for (Case cs : cases) {
      batch.add(new SecureBatch.Case(cs.inputs(), cs.bits(), cs.bits(),
          (p, sh) -> cs.f().evaluate(p, sh, cs.bits(), cs.sIn(), cs.sOut())));
    }
    long[][] got = SecureBatch.run(backend, batch, 42, 600);
    for (int c = 0; c < cases.size(); c++) {
      Case cs = cases.get(c);
      long[] x = cs.inputs();
      for (int i = 0; i < x.length; i++) {
        assertEquals(twin(cs, x[i]), got[c][i], cs.name() + " at x=" + Ring.signed(x[i], cs.bits()));
      }
    }
  }

  private static long[] all16() {
    long[] x = new long[1 << 16];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    return x;
  }

  private static long[] nonPositive16() {
    long[] x = new long[1 << 15];
    for (int i = 0; i < x.length; i++) {
      x[i] = (-i) & 0xFFFF;
    }
    return x;
  }

  @Test
  void exp16_everyNonPositiveInput() throws Exception {
    runAll(List.of(new Case("exp 12->12", MathFunction.EXP, 16, 12, 12, nonPositive16()),
        new Case("exp 8->14", MathFunction.EXP, 16, 8, 14, nonPositive16())));
  }

  @Test
  void sigmoid16_everyInput() throws Exception {
    runAll(List.of(new Case("sigmoid 12->12", MathFunction.SIGMOID, 16, 12, 12, all16()),
        new Case("sigmoid 9->14", MathFunction.SIGMOID, 16, 9, 14, all16())));
  }

  @Test
  void tanh16_everyInput() throws Exception {
    runAll(List.of(new Case("tanh 12->12", MathFunction.TANH, 16, 12, 12, all16()),
        new Case("tanh 9->9", MathFunction.TANH, 16, 9, 9, all16())));
  }

  @Test
  void rsqrt16_everyInput() throws Exception {
    runAll(List.of(new Case("rsqrt 12->12", MathFunction.RSQRT, 16, 12, 12, all16())));
  }

  @Test
  void widerAndOddWidths_randomAndEdgeInputs() throws Exception {
    List<Case> cases = new ArrayList<>();
    Random rnd = new Random(7);
    for (int bits : new int[] {12, 20, 24, 32}) {
      long[] x = new long[bits >= 24 ? 100_000 : 2000]; // 10^5 random plus edge inputs at the wider widths
      long mask = Ring.mask(bits);
      long[] edges = {0, 1, mask, (1L << (bits - 1)) & mask, ((1L << (bits - 1)) - 1) & mask, 2, mask - 1};
      for (int i = 0; i < x.length; i++) {
        x[i] = i < edges.length ? edges[i] : rnd.nextLong() & mask;
      }
      long[] neg = new long[x.length];
      for (int i = 0; i < x.length; i++) {
        neg[i] = (-Math.abs(Ring.signed(x[i], bits))) & mask;
      }
      int s = Math.min(12, bits - 4);
      cases.add(new Case("exp " + bits, MathFunction.EXP, bits, s, s, neg));
      cases.add(new Case("sigmoid " + bits, MathFunction.SIGMOID, bits, s, s, x));
      cases.add(new Case("tanh " + bits, MathFunction.TANH, bits, s, s, x));
    }
    runAll(cases);
  }
}
