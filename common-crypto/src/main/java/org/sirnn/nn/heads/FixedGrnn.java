package org.sirnn.nn.heads;

import org.sirnn.ring.Ring;

/**
 * One FastGRNN of the SiRnn-style Heads RNNPool, in fixed point over {@link FxKernels} (docs/heads.md "RNNPool"),
 * the cell h &lt;- g h + (1 - g) tanh(.) of README "FastGRNN step" with zeta = 1 and nu = 0:
 * <ol>
 *   <li>S = (W x) 2^alignWx + (U h) 2^alignUh, exact in a ringBits-bit ring (W x is precomputed once per input
 *       vector, see {@link FixedRnnPool}); c = floor(S / 2^preShift), 16 bits at scale gateScale (one rescale
 *       instead of EdgeML's three divisions);</li>
 *   <li>g = sigmoid(c + Bg) (16 bits, scale gateScale -&gt; 14); t = tanh(c + Bh) (-&gt; 18 bits at scale 14),
 *       SiRnn Section V-B; biases are server constants rounded to the gate scale;</li>
 *   <li>h = floor(g (h - t 2^a) / 2^14) + t 2^a: one SMult (16 x 18 -&gt; 34 bits) and one floor shift per step
 *       (g h + (1 - g) t 2^a rewritten), h at scale 14 + a in an 18-bit ring, |h| &lt;= 2^(14+a).</li>
 * </ol>
 * Per step: one WeightMatMul (U h), two rescales, one fused sigmoid+tanh, one SMult; rounds do not depend on the
 * number of lanes (apart from chunking, {@link FxKernels}).
 *
 * @param w hidden x in, row-major (server)
 * @param u hidden x hidden (server)
 * @param bg gate bias at the gate scale (server)
 * @param bh candidate bias at the gate scale (server)
 * @param xBits ring bits of the input vectors
 */
public record FixedGrnn(String name, int in, int hidden, long[] w, int wBits, long[] u, int uBits, int xBits,
    int alignWx, int alignUh, int preShift, long[] bg, long[] bh, int gateScale, int a, int ringBits) {

  /** Ring bits of the state h. */
  public static final int H_BITS = 18;
  /** Scale of g and t. */
  public static final int ACT_SCALE = 14;

  /** Bits of h fed to the U h product: |h| &lt;= 2^(14 + a). */
  public int hMatBits() {
    return ACT_SCALE + a + 2;
  }

  /** Ring bits for S given the operand bounds. */
  static int ringFor(int xBits, int wBits, int in, int alignWx, int hBits, int uBits, int hidden, int alignUh) {
    int wx = xBits + wBits - 1 + Ring.ceilLog2(in) + alignWx;
    int uh = hBits + uBits - 1 + Ring.ceilLog2(hidden) + alignUh;
    return Math.max(wx, uh) + 1;
  }

  /**
   * From the EdgeML description (README "FastGRNN step"): the W x and U h divisors of steps 1-5 give the alignment
   * and the pre-activation scale (EdgeML's last "Demote" divisor is skipped: the gate input keeps those bits, 11 +
   * log2 Demote, the scale of the int16 intermediate before it), steps 6-11 give a; checks zeta = 2^14 and
   * 1 - g = 16384 - g. nu (EdgeML: 23611 / 32767 = 0) is dropped.
   */
  public static FixedGrnn fromEdge(FastGrnnSpec s, int xBits) {
    FastGrnnSpec.Scales c = s.s();
    long da = (long) c.w() * c.normFeaturesMVW() * c.h1W();
    long db = (long) c.u() * c.hiddenStateMVU() * c.h1U();
    long dca = (long) c.mV1AddMV2() * c.mV1AddMV2Out();
    long dcb = (long) c.mV2AddMV1() * c.mV1AddMV2Out();
    long dcd = c.mV1AddMV2Demote();
    long dgc = (long) c.pC1AddBg() * c.pC1AddBgOut();
    long dhc = (long) c.pC1AddBh() * c.pC1AddBhOut();
    if (dgc != dhc || c.pC1AddBgDemote() != c.pC1AddBhDemote()) {
      throw new IllegalArgumentException(s.name() + ": gate and candidate pre-activations differ in scale");
    }
    int e = FxKernels.log2(c.pC1AddBgDemote());
    int sWx = FxKernels.log2(da * dca * dcd * dgc);
    int sUh = FxKernels.log2(db * dcb * dcd * dgc);
    int m = Math.max(sWx, sUh);
    int sBg = FxKernels.log2((long) c.bg() * c.pC1AddBgOut());
    int sBh = FxKernels.log2((long) c.bh() * c.pC1AddBhOut());
    int aGh = FxKernels.log2((long) c.gateHDHiddenState() * c.hiddenStateHDGate() * c.pC3AddPC1()
        * c.hiddenStateOut() * c.hiddenStateDemote());
    if (aGh != ACT_SCALE || c.qOne() / (c.qOneScale() * c.qOneSubGateOut()) != 1 << ACT_SCALE
        || c.qOneSubGate() * c.qOneSubGateOut() != 1 || Integer.bitCount(s.zeta()) != 1) {
      throw new IllegalArgumentException(s.name() + ": unsupported update scales");
    }
    int lz = FxKernels.log2((long) c.sigmoidZeta() * c.sigmoidZetaMulQOneSubGate() * c.sigmoidNuAddQOneSubGate()
        * c.sigmoidNuAddQOneSubGateOut() * c.sigmoidNuAddQOneSubGateHDUpdate() * c.updateHDSigmoidNuAddQOneSubGate()
        * c.pC1AddPC3() * c.hiddenStateOut() * c.hiddenStateDemote());
    int a = 2 * ACT_SCALE + FxKernels.log2(s.zeta()) - ACT_SCALE - lz;
    int n = s.hiddenDim();
    long[] bg = new long[n];
    long[] bh = new long[n];
    for (int i = 0; i < n; i++) {
      bg[i] = FxKernels.roundShift(s.bg()[i], sBg);
      bh[i] = FxKernels.roundShift(s.bh()[i], sBh);
    }
    int hb = ACT_SCALE + a + 2;
    return new FixedGrnn(s.name(), s.inputDim(), n, toLong(s.w()), 16, toLong(s.u()), 16, xBits, m - sWx, m - sUh,
        m, bg, bh, 11 + e, a, ringFor(xBits, 16, s.inputDim(), m - sWx, hb, 16, n, m - sUh));
  }

  /**
   * From float weights (rnnpool-unit): W and U quantised at scale sw (16 bits), inputs at scale sx, gates at
   * gateScale, state at scale 14 (a = 0).
   */
  public static FixedGrnn fromFloat(String name, double[] w, double[] u, double[] bg, double[] bh, int in, int hidden,
      int sw, int sx, int xBits, int gateScale) {
    int sWx = sw + sx;
    int sUh = sw + ACT_SCALE;
    int m = Math.max(sWx, sUh);
    long[] bgq = new long[hidden];
    long[] bhq = new long[hidden];
    for (int i = 0; i < hidden; i++) {
      bgq[i] = Math.round(bg[i] * (1L << gateScale));
      bhq[i] = Math.round(bh[i] * (1L << gateScale));
    }
    return new FixedGrnn(name, in, hidden, quantise(w, sw), 16, quantise(u, sw), 16, xBits, m - sWx, m - sUh,
        m - gateScale, bgq, bhq, gateScale, 0, ringFor(xBits, 16, in, m - sWx, ACT_SCALE + 2, 16, hidden, m - sUh));
  }

  static long[] quantise(double[] v, int s) {
    long[] q = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      q[i] = Math.round(v[i] * (1L << s));
      if (!FxKernels.fits(q[i], 16)) {
        throw new IllegalArgumentException("weight " + v[i] + " does not fit 16 bits at scale " + s);
      }
    }
    return q;
  }

  static long[] toLong(int[] v) {
    long[] r = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = v[i];
    }
    return r;
  }

  /** Gives the W x term of lane l at step t, row i, already in the ring and aligned. */
  @FunctionalInterface
  public interface Pre {
    long at(int t, int i, int lane);
  }

  /**
   * Runs the cell from h = 0 for {@code steps} steps over {@code lanes} independent sequences at once; returns
   * the final h (hidden x lanes, row-major, H_BITS ring, scale 14 + a).
   */
  public long[] run(FxKernels fk, int steps, int lanes, Pre pre) {
    int n = hidden * lanes;
    long[] h = new long[n];
    long mask = org.sirnn.ring.Ring.mask(ringBits);
    long[] bgAll = new long[n];
    long[] bhAll = new long[n];
    for (int i = 0; i < hidden; i++) {
      for (int l = 0; l < lanes; l++) {
        bgAll[i * lanes + l] = bg[i];
        bhAll[i * lanes + l] = bh[i];
      }
    }
    for (int t = 0; t < steps; t++) {
      long[] s;
      if (t == 0) {
        s = new long[n]; // h = 0: U h = 0 (public)
      } else {
        s = FxKernels.shl(fk.matmul(u, uBits, FxKernels.reduce(h, hMatBits()), hMatBits(), hidden, hidden, lanes,
            ringBits), alignUh, ringBits);
      }
      for (int i = 0; i < hidden; i++) {
        for (int l = 0; l < lanes; l++) {
          s[i * lanes + l] = (s[i * lanes + l] + pre.at(t, i, l)) & mask;
        }
      }
      long[] c = fk.rescale(s, ringBits, preShift, 16, name + " pre-activation");
      // sigmoid and tanh in one fused pass (org.sirnn.math.SigmoidTanh), both out at H_BITS; the gate's value is
      // at most 2^ACT_SCALE, so reducing it to 16 bits is exact
      long[][] gt = fk.sigmoidTanh(fk.addConst(c, bgAll, 16, name + " gate input"),
          fk.addConst(c, bhAll, 16, name + " candidate input"), 16, gateScale, ACT_SCALE, gateScale, ACT_SCALE, H_BITS);
      long[] g = FxKernels.reduce(gt[0], 16);
      long[] tt = gt[1];
      long[] ta = FxKernels.shl(tt, a, H_BITS);
      long[] d = FxKernels.add(h, ta, -1, H_BITS);
      long[] gd = fk.smult(g, 16, d, H_BITS, 16 + H_BITS);
      h = FxKernels.add(fk.rescale(gd, 16 + H_BITS, ACT_SCALE, H_BITS, name + " state"), ta, 1, H_BITS);
      fk.guardSigned(h, H_BITS, hMatBits(), name + " state");
    }
    return h;
  }
}
