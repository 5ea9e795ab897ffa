package org.sirnn.nn.heads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads {@code heads/face2/*.json} (21 files, README "Files" and "JSON format") into a validated
 * {@link HeadsModel}. Every tensor's count is checked against the defines it is used with; errors name the file
 * and the key. The integer widths of the MBConv stages are not in the headers: they are the README table
 * "Widths per block", fixed here in {@link #widths}.
 */
public final class HeadsWeights {
  private HeadsWeights() {}

  /**
   * Widths (in / acc / tmp / buf / out bits) of MBConv block L (README table "Widths per block"): L1 int8 in,
   * 32/32/16 -> 16; L2-L9 64/32/16 -> 16; L10, L11 32/32/16 -> 16; L12 32/32/16 -> 8; L13, L14 int8 in,
   * 32/16/8 -> 8.
   */
  public static MbConvSpec.Widths widths(int block) {
    if (block == 1) {
      return new MbConvSpec.Widths(8, 32, 32, 16, 16);
    } else if (block <= 9) {
      return new MbConvSpec.Widths(16, 64, 32, 16, 16);
    } else if (block <= 11) {
      return new MbConvSpec.Widths(16, 32, 32, 16, 16);
    } else if (block == 12) {
      return new MbConvSpec.Widths(16, 32, 32, 16, 8);
    } else if (block <= 14) {
      return new MbConvSpec.Widths(8, 32, 16, 8, 8);
    }
    throw new IllegalArgumentException("no MBConv block " + block);
  }

  /** Whether block L is followed by a residual add (README table: all but L1, L9, L12). */
  public static boolean hasResidual(int block) {
    return block != 1 && block != 9 && block != 12;
  }

  /** Loads the model from the {@code face2} folder. */
  public static HeadsModel load(Path face2) throws IOException {
    if (!Files.isDirectory(face2)) {
      throw new IOException(face2 + ": not a directory (expected heads/face2)");
    }
    HeaderJson c = HeaderJson.read(face2.resolve("conv2D.json"));
    int inH = c.intScalar("CBR1F_H");
    int inW = c.intScalar("CBR1F_W");
    c.expect("CBR1F_CIN", 1);
    ConvSpec conv1 = ConvSpec.fromHeader(c, "CBR1F");
    c.expect("CONV2D_COUT", conv1.outChannels());
    c.expect("CONV2D_HOUT", conv1.outHeight(inH));
    c.expect("CONV2D_WOUT", conv1.outWidth(inW));
    AddVecSpec bias1 = AddVecSpec.fromHeader(c, "CBR1B", "CBR1B", conv1.outChannels());
    ConvSpec scale1 = ConvSpec.fromHeader(c, "CBR1W");
    if (scale1.inChannels() != conv1.outChannels() || scale1.outChannels() != conv1.outChannels()) {
      throw new IllegalArgumentException(c.name() + ": CBR1W does not map " + conv1.outChannels() + " channels");
    }
    int limit = c.intScalar("CONV2D_Limit");
    int div = c.divisor("CONV2D_Div");

    HeaderJson r1 = HeaderJson.read(face2.resolve("rnn1.json"));
    HeaderJson r2 = HeaderJson.read(face2.resolve("rnn2.json"));
    int in1 = r1.intScalar("INPUT_CHANNELS");
    if (in1 != conv1.outChannels()) {
      throw new IllegalArgumentException(r1.name() + ": INPUT_CHANNELS " + in1 + " != conv channels "
          + conv1.outChannels());
    }
    int hid1 = r1.intScalar("HIDDEN_DIM1");
    int hid2 = r2.intScalar("HIDDEN_DIM2");
    FastGrnnSpec rnn1 = FastGrnnSpec.fromHeader(r1, 1, in1, hid1, 8);
    FastGrnnSpec rnn2 = FastGrnnSpec.fromHeader(r2, 2, hid1, hid2, 16);
    RnnPoolSpec pool = new RnnPoolSpec(rnn1, rnn2, r1.intScalar("PATCH_DIM"), 4, r1.divisor("ShL1"),
        r1.divisor("ShR1"), r2.divisor("ShL2"), r2.divisor("ShR2"));

    List<MbConvSpec> blocks = new ArrayList<>();
    for (int l = 1; l <= 14; l++) {
      HeaderJson m = HeaderJson.read(face2.resolve("mbconv" + l + ".json"));
      blocks.add(MbConvSpec.fromHeader(m, l, widths(l), hasResidual(l)));
    }
    List<DetectionSpec> heads = new ArrayList<>();
    for (int k = 1; k <= 4; k++) {
      heads.add(DetectionSpec.fromHeader(HeaderJson.read(face2.resolve("detection" + k + ".json")), k));
    }
    return new HeadsModel(inH, inW, conv1, bias1, scale1, limit, div, pool, blocks, heads,
        ExpTables.read(face2.resolve("exp_tables.json")));
  }
}
