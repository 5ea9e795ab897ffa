package org.sirnn.nn.runtime;

import org.sirnn.mpc.Party;
import org.sirnn.nn.model.Npy;

/**
 * One served model behind one interface, whatever its kind: the public {@link #plan}, the client half (public
 * metadata only), the server half (the weights; only where they were loaded), the cleartext fixed-point twin and,
 * where the model has one, the float reference. Every command and both parties reach models through a
 * {@link ModelRepository} and run them through a {@link SessionRunner}, which does the header, plan check, setup
 * and opening around these halves.
 *
 * <p>Inputs and outputs are batches of signed integers in the model's encoding, row-major (batch x
 * {@code plan().inputCols()} in, batch x {@code plan().outputCols()} out). Both halves are called after
 * {@link Party#setup()}; they open their own layer scopes (the metrics' {@code layer} tag).
 */
public interface ServedModel {

  ModelPlan plan();

  /** True when this instance holds the weights (the server half and the twin can run). */
  boolean hasWeights();

  /** The client's half: returns the opened outputs (the server learns nothing). */
  long[] runClient(Party p, long[] input, int batch);

  /** The server's half (needs the weights). */
  void runServer(Party p, int batch);

  /**
   * Estimated peak heap (bytes) of one party's half of a session of {@code batch} samples: what server-party
   * reserves against its memory budget before it admits the session. The default covers the bounded working set
   * of the chunked protocols ({@link org.sirnn.mpc.Chunks}) and the transport's inbound bound plus the activations,
   * counted as {@link #ACTIVATION_FACTOR} 64-bit values per input value (measured for the bundled layer programs).
   */
  default long sessionBytes(int batch) {
    return SESSION_BASE_BYTES + (long) batch * plan().inputCols() * 8L * ACTIVATION_FACTOR;
  }

  /** Per-session memory independent of the model: the protocols' chunk working set and the inbound bound. */
  long SESSION_BASE_BYTES = 96L << 20;

  /** Live 64-bit values per input value in the default estimate (activations, shares, protocol buffers). */
  int ACTIVATION_FACTOR = 64;

  /** The cleartext fixed-point twin: the secure outputs, bit for bit (needs the weights). */
  long[] twin(long[] input, int batch);

  /**
   * The model's float reference outputs (reals), or null when it has none (a model defined in fixed point, or
   * one loaded without its float weights).
   */
  default double[] reference(double[] input, int batch) {
    return null;
  }

  /** Encodes real inputs (batch x inputCols) into the model's input integers (e.g. quantised at the input scale). */
  long[] encode(double[] input);

  /**
   * Sample {@code k} of a float .npy file: its input integers and, when the file carries them, the expected real
   * outputs. By default the array's trailing dimensions must hold one sample's inputs.
   */
  default SampleInput sample(Npy.Array a, int k, String file) {
    return new SampleInput(encode(NpyRows.row(a, k, plan().inputCols(), file)), null);
  }

  /**
   * A number saying how far the outputs are from the expected real outputs of a {@link SampleInput} (e.g. the
   * 95th percentile of the absolute error), or NaN when there is nothing to compare.
   */
  default double errorVsExpected(long[] outputs, double[] expected) {
    return Double.NaN;
  }

  /**
   * The client's post-processing of opened outputs (batch x outputCols), run in the clear after the session: the
   * softmax probabilities of a model whose plan ends in a Softmax (an imported graph's {@code post}), else null.
   */
  default double[] probabilities(long[] outputs) {
    return null;
  }

  /** One sample's integers and, if the file carries them, the expected real outputs (else null). */
  record SampleInput(long[] input, double[] expected) {}

  /** Throws unless this instance holds the weights. */
  default void requireWeights() {
    if (!hasWeights()) {
      throw new IllegalStateException(plan().name() + ": loaded without its weights (public metadata only)");
    }
  }
}
