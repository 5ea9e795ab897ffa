package org.sirnn.nn.heads;

/**
 * The Heads network in cleartext EdgeML integers (README "Conventions of the integer code"): C division toward
 * zero, wrapping stores, the table sigmoid/tanh and the bisection inverse square root, through the layer order
 * of {@link HeadsGraph}. Image -> 18000 int16 outputs at scale 2^12 ({@link HeadsOutputLayout}).
 *
 * <p>With {@code reproduceBufferQuirk} the L10/L11 one-byte overlap of the C reference is reproduced
 * ({@link HeadsBufferQuirk}, README "The quirk"): the README states this gives 18000/18000 against
 * {@code expected_q15_classroom.txt}; without it, the clean network gives 17820/18000.
 */
public final class HeadsEdgeInteger implements HeadsBackend<IntTensor> {
  private final HeadsModel model;
  private final boolean reproduceBufferQuirk;
  private final EdgeTableActivations act;

  public HeadsEdgeInteger(HeadsModel model, boolean reproduceBufferQuirk) {
    this.model = model;
    this.reproduceBufferQuirk = reproduceBufferQuirk;
    this.act = new EdgeTableActivations(model.expTables());
  }

  /** The 18000 outputs (int16 values, scale 2^12) for an int8 input image ({@link HeadsImage#quantise}). */
  public int[] run(IntTensor image) {
    if (image.h() != model.inputHeight() || image.w() != model.inputWidth() || image.c() != 1) {
      throw new IllegalArgumentException("image " + image.h() + "x" + image.w() + "x" + image.c() + ", expected "
          + model.inputHeight() + "x" + model.inputWidth() + "x1");
    }
    return HeadsOutputLayout.assemble(HeadsGraph.forward(model, this, image));
  }

  @Override
  public IntTensor conv(IntTensor x, ConvSpec s, int inBits, int outBits) {
    return EdgeConv.conv(x, s, inBits <= 8 ? 32 : 64, outBits);
  }

  @Override
  public IntTensor addVec(IntTensor x, AddVecSpec a, int outBits) {
    return EdgeConv.addVec(x, a, outBits);
  }

  @Override
  public IntTensor relu6(IntTensor x, int limit, int div, int outBits) {
    return EdgeConv.relu6(x, limit, div, outBits);
  }

  @Override
  public IntTensor rnnPool(IntTensor x, RnnPoolSpec s) {
    return new EdgeRnnPool(s, act).apply(x);
  }

  @Override
  public IntTensor mbConv(IntTensor x, MbConvSpec s) {
    EdgeMbConv.Result r = EdgeMbConv.apply(x, s);
    if (reproduceBufferQuirk && HeadsBufferQuirk.affects(s.block())) {
      HeadsBufferQuirk.apply(r.out(), r.expansion());
    }
    return r.out();
  }

  @Override
  public IntTensor residual(IntTensor a, IntTensor b, MbConvSpec s) {
    return EdgeMbConv.residual(a, b, s);
  }

  @Override
  public IntTensor l2Norm(IntTensor x, int scaleIn, int scaleOut) {
    return EdgeL2Norm.apply(x, scaleIn, scaleOut);
  }

  @Override
  public IntTensor maxOutBackground(IntTensor conf) {
    return EdgeMaxOut.background(conf);
  }
}
