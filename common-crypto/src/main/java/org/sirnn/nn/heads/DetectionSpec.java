package org.sirnn.nn.heads;

/**
 * Detection head {@code k} (README "Detection k = 1, 2, 3" and table row 16): optional L2Norm (scaleIn, scaleOut)
 * and learned per-channel scale {@code DkNW}, then a 3x3 confidence conv + bias and a 3x3 location conv + bias.
 * Description only; {@link HeadsGraph} applies it through a {@link HeadsBackend}.
 *
 * @param norm the per-channel scale conv after L2Norm, or null for head 4 (no L2Norm)
 * @param confBits the store width of conf (16; 8 for head 4)
 * @param locBits the store width of loc (16)
 * @param maxOutBackground head 1: reduce 4 confidence channels to 2 (max of 0..2, then 3)
 */
public record DetectionSpec(int head, ConvSpec norm, int l2ScaleIn, int l2ScaleOut, ConvSpec conf,
    AddVecSpec confBias, ConvSpec loc, AddVecSpec locBias, int confBits, int locBits, boolean maxOutBackground) {

  /** Reads {@code detection<k>.json}. */
  public static DetectionSpec fromHeader(HeaderJson j, int k) {
    String p = "D" + k;
    boolean hasNorm = k != 4;
    ConvSpec norm = hasNorm ? ConvSpec.fromHeader(j, p + "NW") : null;
    ConvSpec conf = ConvSpec.fromHeader(j, p + "CW");
    ConvSpec loc = ConvSpec.fromHeader(j, p + "LW");
    AddVecSpec cb = AddVecSpec.fromHeader(j, p + "CB", p + "CW", conf.outChannels());
    AddVecSpec lb = AddVecSpec.fromHeader(j, p + "LB", p + "LW", loc.outChannels());
    int bits = hasNorm ? 16 : 8;
    return new DetectionSpec(k, norm, hasNorm ? j.intScalar(p + "_ScaleIn") : 0,
        hasNorm ? j.intScalar(p + "_ScaleOut") : 0, conf, cb, loc, lb, bits, 16, conf.outChannels() == 4);
  }
}
