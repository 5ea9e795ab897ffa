package org.sirnn.nn.heads;

/**
 * The quantised FastGRNN step of the EdgeML C reference (README "FastGRNN step", steps 1-11), with every divisor
 * taken from {@link FastGrnnSpec.Scales}. Every line ends in an int16 store (wrapping); each "/" rounds toward
 * zero; the table sigmoid/tanh come from {@link EdgeTableActivations}. In real terms h <- g h + (1 - g) tanh(.)
 * (zeta = 1, nu = 0).
 */
public final class EdgeFastGrnn implements RnnCell<int[]> {
  private final FastGrnnSpec spec;
  private final EdgeTableActivations act;
  private final int accW;

  public EdgeFastGrnn(FastGrnnSpec spec, EdgeTableActivations act) {
    this.spec = spec;
    this.act = act;
    this.accW = spec.inputBits() <= 8 ? 32 : 64;
  }

  @Override
  public int[] zeroState() {
    return new int[spec.hiddenDim()];
  }

  @Override
  public int[] step(int[] x, int[] h) {
    int n = spec.hiddenDim();
    int m = spec.inputDim();
    if (x.length != m || h.length != n) {
      throw new IllegalArgumentException(spec.name() + ": input " + x.length + " / state " + h.length
          + ", expected " + m + " / " + n);
    }
    FastGrnnSpec.Scales s = spec.s();
    int[] hNew = new int[n];
    for (int i = 0; i < n; i++) {
      long wx = 0;
      for (int j = 0; j < m; j++) {
        wx += (long) spec.w()[i * m + j] * x[j];
      }
      long uh = 0;
      for (int j = 0; j < n; j++) {
        uh += (long) spec.u()[i * n + j] * h[j];
      }
      // 1-2: the two matrix-vector products
      int a = st(d(EdgeIntOps.wrap(wx, accW), (long) s.w() * s.normFeaturesMVW() * s.h1W()));
      int b = st(d(uh, (long) s.u() * s.hiddenStateMVU() * s.h1U()));
      // 3: their sum
      int c = st(d(d(a, (long) s.mV1AddMV2() * s.mV1AddMV2Out()) + d(b, (long) s.mV2AddMV1() * s.mV1AddMV2Out()),
          s.mV1AddMV2Demote()));
      // 4-5: gate and candidate
      int gIn = st(d(d(c, (long) s.pC1AddBg() * s.pC1AddBgOut()) + d(spec.bg()[i], (long) s.bg() * s.pC1AddBgOut()),
          s.pC1AddBgDemote()));
      int g = st(act.sigmoid(gIn));
      int tIn = st(d(d(c, (long) s.pC1AddBh() * s.pC1AddBhOut()) + d(spec.bh()[i], (long) s.bh() * s.pC1AddBhOut()),
          s.pC1AddBhDemote()));
      int t = st(act.tanh(tIn));
      // 6: g * h
      int gh = st(d((long) g * h[i], (long) s.gateHDHiddenState() * s.hiddenStateHDGate()));
      // 7: 1 - g
      int o = st(d(s.qOne(), (long) s.qOneScale() * s.qOneSubGateOut())
          - d(g, (long) s.qOneSubGate() * s.qOneSubGateOut()));
      // 8-9: zeta (1 - g) + nu
      int z = st(d((long) spec.zeta() * o, (long) s.sigmoidZeta() * s.sigmoidZetaMulQOneSubGate()));
      z = st(d(spec.nu(), (long) s.sigmoidNu() * s.sigmoidNuAddQOneSubGateOut())
          + d(z, (long) s.sigmoidNuAddQOneSubGate() * s.sigmoidNuAddQOneSubGateOut()));
      // 10: times the candidate
      int u = st(d((long) z * t, (long) s.sigmoidNuAddQOneSubGateHDUpdate() * s.updateHDSigmoidNuAddQOneSubGate()));
      // 11: the new state
      hNew[i] = st(d(d(gh, (long) s.pC3AddPC1() * s.hiddenStateOut()) + d(u, (long) s.pC1AddPC3() * s.hiddenStateOut()),
          s.hiddenStateDemote()));
    }
    return hNew;
  }

  private static long d(long a, long b) {
    return EdgeIntOps.div(a, b);
  }

  private static int st(long v) {
    return EdgeIntOps.int16(v);
  }
}
