package org.sirnn.nn.runtime;

import java.time.Duration;
import java.util.Arrays;
import org.sirnn.mpc.Party;
import org.sirnn.nn.heads.FxKernels;
import org.sirnn.nn.heads.HeadsAccuracy;
import org.sirnn.nn.heads.HeadsFixedBackend;
import org.sirnn.nn.heads.HeadsImage;
import org.sirnn.nn.heads.HeadsModel;
import org.sirnn.nn.heads.HeadsOutputLayout;
import org.sirnn.nn.heads.HeadsSecure;
import org.sirnn.nn.heads.IntTensor;
import org.sirnn.nn.model.Npy;

/**
 * SiRnn's Heads face detector (RNNPool + MBConv, README of the shared data): one 240 x 320 image of signed 8-bit
 * integers (q = trunc(pixel / 2), so scale -1) in, 18000 detection outputs at scale 12 out. The client holds the
 * model's public view ({@link HeadsSecure#publicView}: shapes, scales, weight types, every value zeroed), the server
 * the weights. The fingerprint covers the whole public view, the rounding mode and the element chunk of
 * {@link FxKernels}.
 */
public final class HeadsProgram extends WeightedModel<HeadsModel> {
  /** The model's name. */
  public static final String NAME = "heads";

  /** Outputs' fractional bits. */
  public static final int OUTPUT_SCALE = 12;

  /** Heap under which both halves of a full image in one JVM should not start (measured with -Xmx14g). */
  public static final long MIN_HEAP = 12_000_000_000L;

  /**
   * What one party's half of a full image reserves against server-party's memory budget. Measured on IKNP with
   * separate processes (server-party and client-party serve, default 6 GB heaps, -Xlog:gc): the server half's live
   * heap after a collection peaked at 1.3 GB, the client half's at 0.5 GB; reserved with room for the young
   * generation between collections.
   */
  public static final long SESSION_BYTES = 3L << 30;

  private final HeadsModel publicView;

  /**
   * @param model the model read from face2 on this side
   * @param withWeights keep the weights (server); false keeps only the public view (client)
   */
  public HeadsProgram(HeadsModel model, boolean withWeights) {
    this(HeadsSecure.publicView(model), withWeights ? model : null);
  }

  private HeadsProgram(HeadsModel publicView, HeadsModel weights) {
    super(plan(publicView), weights);
    this.publicView = publicView;
  }

  private static ModelPlan plan(HeadsModel publicView) {
    byte[] fp = PlanFingerprint.of("heads").with("model", publicView).with("roundNearest", HeadsSecure.ROUND_NEAREST)
        .with("elementChunk", FxKernels.ELEMENT_CHUNK).with("detBits", HeadsFixedBackend.DET_BITS).digest();
    int n = HeadsImage.HEIGHT * HeadsImage.WIDTH;
    String description = "RNNPool face detector (SiRnn's Heads, SCUT-Head face-2): input 240 x 320 image, row-major,"
        + " " + n + " signed 8-bit integers (trunc(pixel / 2)); output " + HeadsOutputLayout.SIZE + " detection values"
        + " at scale 12 (label meaningless); about 10 min per image";
    return new ModelPlan(NAME, description, new int[] {HeadsImage.HEIGHT, HeadsImage.WIDTH}, -128, 127, -1,
        HeadsOutputLayout.SIZE, OUTPUT_SCALE, null, 1, fp, Duration.ofMinutes(30), MIN_HEAP);
  }

  @Override
  public long sessionBytes(int batch) {
    return SESSION_BYTES * batch;
  }

  @Override
  public long[] runClient(Party p, long[] input, int batch) {
    return longs(HeadsSecure.infer(p, publicView, image(input)));
  }

  @Override
  public void runServer(Party p, int batch) {
    HeadsSecure.infer(p, weights(), null);
  }

  @Override
  public long[] twin(long[] input, int batch) {
    return longs(HeadsSecure.twin(weights(), image(input)));
  }

  /** Pixels (grey level - 117.312) to the README's int8 input: q = int8(trunc(pixel / 2)). */
  @Override
  public long[] encode(double[] input) {
    int[] q = new HeadsImage(null, input, HeadsImage.HEIGHT, HeadsImage.WIDTH).quantise().data();
    return longs(q);
  }

  /**
   * A sample file of the shared data ({@code classroom.npy}, {@code group.npy}: 1 x 94800, the float model's 18000
   * outputs then the image), whose outputs become the expected values, or the image alone (76800 values).
   */
  @Override
  public SampleInput sample(Npy.Array a, int k, String file) {
    int image = HeadsImage.HEIGHT * HeadsImage.WIDTH;
    double[] v = a.values();
    if (k != 0) {
      throw new IllegalArgumentException("sample " + k + ": a heads file holds one image");
    }
    if (v.length == HeadsOutputLayout.SIZE + image) {
      return new SampleInput(encode(Arrays.copyOfRange(v, HeadsOutputLayout.SIZE, v.length)),
          Arrays.copyOf(v, HeadsOutputLayout.SIZE));
    }
    if (v.length == image) {
      return new SampleInput(encode(v), null);
    }
    throw new IllegalArgumentException(file + ": " + v.length + " values (shape " + Arrays.toString(a.shape())
        + "); heads takes a sample file of " + (HeadsOutputLayout.SIZE + image) + " values (" + HeadsOutputLayout.SIZE
        + " float outputs, then the 240 x 320 image) or the image alone (" + image + " values, grey level"
        + " - 117.312)");
  }

  /** The 95th percentile of |output / 2^12 - expected| (README "What a reimplementation must meet"). */
  @Override
  public double errorVsExpected(long[] outputs, double[] expected) {
    if (expected == null) {
      return Double.NaN;
    }
    int[] o = new int[outputs.length];
    for (int i = 0; i < o.length; i++) {
      o[i] = Math.toIntExact(outputs[i]);
    }
    return HeadsAccuracy.p95(o, expected);
  }

  private static IntTensor image(long[] x) {
    int[] q = new int[x.length];
    for (int i = 0; i < q.length; i++) {
      q[i] = Math.toIntExact(x[i]);
    }
    return new IntTensor(HeadsImage.HEIGHT, HeadsImage.WIDTH, 1, q);
  }

  private static long[] longs(int[] v) {
    long[] r = new long[v.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = v[i];
    }
    return r;
  }
}
