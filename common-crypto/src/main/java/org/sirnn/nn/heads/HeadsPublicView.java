package org.sirnn.nn.heads;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link HeadsModel} with every weight, bias and table value replaced by zero: the public part of the model
 * (shapes, strides, padding, power-of-two scales, weight types) that the client of {@link HeadsSecure#infer} runs
 * with. Tests give the client this view to show that its side never depends on a weight value.
 */
final class HeadsPublicView {
  private HeadsPublicView() {}

  static HeadsModel of(HeadsModel m) {
    List<MbConvSpec> blocks = new ArrayList<>();
    for (MbConvSpec b : m.mbconv()) {
      blocks.add(new MbConvSpec(b.block(), b.h(), b.w(), b.cin(), b.ctemp(), b.cout(), b.hout(), b.wout(),
          b.stride(), b.pad(), z(b.f1()), z(b.f2()), z(b.f3()), z(b.w1()), z(b.w2()), z(b.w3()), z(b.b1()),
          z(b.b2()), z(b.b3()), b.limit1(), b.limit2(), b.shLU1(), b.shRU1(), b.shLX1(), b.shRX1(), b.shLU2(),
          b.shRU2(), b.shLX2(), b.shRX2(), b.shLU3(), b.shRU3(), b.shLW3(), b.shRW3(), b.widths(), b.residual()));
    }
    List<DetectionSpec> heads = new ArrayList<>();
    for (DetectionSpec d : m.detection()) {
      heads.add(new DetectionSpec(d.head(), d.norm() == null ? null : conv(d.norm()), d.l2ScaleIn(), d.l2ScaleOut(),
          conv(d.conf()), add(d.confBias()), conv(d.loc()), add(d.locBias()), d.confBits(), d.locBits(),
          d.maxOutBackground()));
    }
    RnnPoolSpec r = m.rnnPool();
    RnnPoolSpec pool = new RnnPoolSpec(grnn(r.rnn1()), grnn(r.rnn2()), r.patchDim(), r.patchStride(), r.shL1(),
        r.shR1(), r.shL2(), r.shR2());
    return new HeadsModel(m.inputHeight(), m.inputWidth(), conv(m.conv1()), add(m.bias1()), conv(m.scale1()),
        m.reluLimit(), m.reluDiv(), pool, blocks, heads, m.expTables());
  }

  private static int[] z(int[] a) {
    return new int[a.length];
  }

  private static ConvSpec conv(ConvSpec s) {
    return new ConvSpec(s.name(), z(s.weights()), s.weightBits(), s.groups(), s.hf(), s.wf(), s.cf(), s.cout(),
        s.padTop(), s.padBottom(), s.padLeft(), s.padRight(), s.strideH(), s.strideW(), s.divisor());
  }

  private static AddVecSpec add(AddVecSpec a) {
    return new AddVecSpec(a.name(), z(a.bias()), a.scten(), a.scvec(), a.scret());
  }

  private static FastGrnnSpec grnn(FastGrnnSpec g) {
    return new FastGrnnSpec(g.name(), g.inputDim(), g.hiddenDim(), g.inputBits(), z(g.w()), z(g.u()), z(g.bg()),
        z(g.bh()), g.zeta(), g.nu(), g.s());
  }
}
