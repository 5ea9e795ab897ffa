package org.sirnn.nn.heads;

import java.util.List;
import org.sirnn.mpc.Party;
import org.sirnn.nn.ops.ClearKernels;
import org.sirnn.nn.ops.Kernels;
import org.sirnn.nn.ops.SecureKernels;
import org.sirnn.ring.Ring;

/**
 * The SiRnn-style fixed-point Heads end to end (issue 12; docs/heads.md): the client's int8 image
 * ({@link HeadsImage#quantise}) in, the 18000 outputs at scale 2^12 (README "Output") out to the client. One code
 * path, {@link #run}, over any {@link Kernels}: {@link #twin} on cleartext values, {@link #infer} on shares. Layers
 * run one after the other (only the current maps and the head outputs are held), each protocol call chunked by
 * {@link FxKernels}.
 */
public final class HeadsSecure {
  /** Round-to-nearest floor shifts (a public 2^(s-1) added before each shift). */
  public static final boolean ROUND_NEAREST = Boolean.parseBoolean(System.getProperty("sirnn.heads.round", "true"));

  private HeadsSecure() {}

  /**
   * Secure inference. The server passes the model (weights) and null; the client passes the model's public
   * description (shapes, scales, weight types: the values of its weight arrays are never read on the client side,
   * {@link #publicView}) and the int8 image. Returns the 18000 outputs on the client, null on the server.
   */
  public static int[] infer(Party p, HeadsModel model, IntTensor image) {
    return run(new SecureKernels(p), model, p.isServer() ? null : image);
  }

  /** The cleartext fixed-point twin of {@link #infer}. */
  public static int[] twin(HeadsModel model, IntTensor image) {
    return run(new ClearKernels(), model, image);
  }

  /** The network over k: input, {@link HeadsGraph#forward}, output layout, reveal to the client. */
  public static int[] run(Kernels k, HeadsModel model, IntTensor image) {
    FxKernels fk = new FxKernels(k, ROUND_NEAREST);
    int h = model.inputHeight();
    int w = model.inputWidth();
    FxMap x = input(fk, image, h, w);
    HeadsGraph.Heads<FxMap> heads = HeadsGraph.forward(model, new HeadsFixedBackend(fk), x);
    return reveal(fk, heads);
  }

  /** The client's int8 image as an 8-bit map (shares or values). */
  public static FxMap input(FxKernels fk, IntTensor image, int h, int w) {
    long[] vals = null;
    if (image != null) {
      vals = new long[h * w];
      for (int i = 0; i < vals.length; i++) {
        vals[i] = image.data()[i];
      }
    }
    return new FxMap(h, w, 1, fk.kernels().input(vals, h * w, 8), 8);
  }

  /**
   * README "Output": CN0, CN1 / 2, CN2 / 2, CN3 * 128, LC0, LC1, LC2, LC3 / 2 (each "/ 2" a floor shift, "* 128" a
   * free left shift, all in the {@link HeadsFixedBackend#DET_BITS} ring), concatenated and opened to the client.
   */
  public static int[] reveal(FxKernels fk, HeadsGraph.Heads<FxMap> hd) {
    List<FxMap> parts = List.of(hd.cn0(), hd.cn1(), hd.cn2(), hd.cn3(), hd.lc0(), hd.lc1(), hd.lc2(), hd.lc3());
    int bits = HeadsFixedBackend.DET_BITS;
    long[] all = new long[HeadsOutputLayout.SIZE];
    try (var sc = fk.scope("output")) {
      for (int k = 0; k < parts.size(); k++) {
        HeadsOutputLayout.Segment s = HeadsOutputLayout.SEGMENTS.get(k);
        FxMap m = parts.get(k);
        if (m.v().length != s.length() || m.bits() != bits) {
          throw new IllegalStateException(s.name() + ": " + m.v().length + " values of " + m.bits() + " bits");
        }
        long[] v = m.v();
        if (s.mul() > 1) {
          v = FxKernels.shl(v, FxKernels.log2(s.mul()), bits);
          fk.guardSigned(v, bits, bits, s.name());
        }
        if (s.div() > 1) {
          v = fk.rescale(v, bits, FxKernels.log2(s.div()), bits, s.name());
        }
        System.arraycopy(v, 0, all, s.offset(), v.length);
      }
      long[] out = fk.kernels().revealToClient(all, bits);
      if (out == null) {
        return null;
      }
      int[] r = new int[out.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = (int) Ring.signed(out[i], bits);
      }
      return r;
    }
  }

  /** The model with every weight array zeroed: what the client needs (shapes, scales, types), no weights. */
  public static HeadsModel publicView(HeadsModel m) {
    return HeadsPublicView.of(m);
  }
}
