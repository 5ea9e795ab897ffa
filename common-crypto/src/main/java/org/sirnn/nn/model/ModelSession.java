package org.sirnn.nn.model;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.sirnn.mpc.Party;
import org.sirnn.net.ProtocolAbortException;

/**
 * A secure inference session of a model given by metadata and weights (any {@link Architecture}): the client sends
 * a public header (the batch size and its metadata's {@link ModelSpec#fingerprint()}), the server checks that the
 * fingerprint equals its own (same plan on both sides, or the session ends with INCOMPATIBLE), then both run
 * {@link Inference#secure} and only the client learns the scores. The server learns the batch size, nothing else.
 */
public final class ModelSession {
  /** Largest batch one session accepts. */
  public static final int MAX_BATCH = 4096;

  private ModelSession() {}

  /** Server half. */
  public static void serve(Party p, ModelSpec spec, Map<String, long[]> weights) {
    long[] h = p.channel().receiveLongs(5, 64);
    ProtocolAbortException.check(h[0] >= 1 && h[0] <= MAX_BATCH, spec.name() + ": batch " + h[0] + " outside 1.."
        + MAX_BATCH);
    if (!Arrays.equals(fingerprintWords(spec), Arrays.copyOfRange(h, 1, 5))) {
      throw new ProtocolAbortException(ProtocolAbortException.Reason.INCOMPATIBLE, spec.name()
          + ": the client's model metadata differs from the server's (fingerprints differ)");
    }
    p.setup();
    Inference.secure(p, spec, weights, null, (int) h[0]);
  }

  /** Client half: scores of the batch (batch x inputCols integers at the spec's input scale). */
  public static Inference.Scores infer(Party p, ModelSpec spec, long[] input, int batch) {
    if (batch < 1 || batch > MAX_BATCH) {
      throw new IllegalArgumentException(spec.name() + ": batch " + batch + " outside 1.." + MAX_BATCH);
    }
    long[] h = new long[5];
    h[0] = batch;
    System.arraycopy(fingerprintWords(spec), 0, h, 1, 4);
    p.channel().sendLongs(h, 64);
    p.setup();
    return Inference.secure(p, spec, null, input, batch);
  }

  private static long[] fingerprintWords(ModelSpec spec) {
    ByteBuffer b = ByteBuffer.wrap(spec.fingerprint());
    return new long[] {b.getLong(), b.getLong(), b.getLong(), b.getLong()};
  }
}
