package org.sirnn.nn.runtime;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The public plan of a served model: everything the client needs to run its half and everything a caller needs to
 * encode an input and read an output. Both parties build it from the model's public metadata alone; its
 * {@link #fingerprint} covers everything that changes the computation, and a session runs only when both parties'
 * fingerprints are equal ({@link SessionRunner}).
 *
 * @param name the model's name (the session's {@code Hello.model})
 * @param description one line for people (ListModels, --help)
 * @param inputShape dimensions of one sample's input (row-major); its product is {@link #inputCols}
 * @param inputMin smallest accepted input integer (the model's input encoding, signed)
 * @param inputMax largest accepted input integer
 * @param inputScale fractional bits of the input encoding (value = integer / 2^scale; negative: integer * 2^-scale)
 * @param outputCols output integers per sample
 * @param outputScale fractional bits of the outputs
 * @param labels class names (may be empty; the label is the argmax of a sample's outputs)
 * @param maxBatch most samples one session takes
 * @param fingerprint SHA-256 of the computation ({@link PlanFingerprint})
 * @param quietLimit longest wait for the peer's next message (long local steps need more than the default)
 * @param minHeapBytes heap below which a run with both halves in one JVM should not start (0: no limit)
 */
public record ModelPlan(String name, String description, int[] inputShape, long inputMin, long inputMax,
    int inputScale, int outputCols, int outputScale, List<String> labels, int maxBatch, byte[] fingerprint,
    Duration quietLimit, long minHeapBytes) {

  public ModelPlan {
    inputShape = inputShape.clone();
    labels = labels == null ? List.of() : List.copyOf(labels);
    fingerprint = fingerprint.clone();
    if (fingerprint.length != 32) {
      throw new IllegalArgumentException(name + ": plan fingerprint of " + fingerprint.length + " bytes (need 32)");
    }
    if (maxBatch < 1 || inputMin > inputMax || outputCols < 1) {
      throw new IllegalArgumentException(name + ": invalid plan (batch " + maxBatch + ", input range [" + inputMin
          + ", " + inputMax + "], " + outputCols + " outputs)");
    }
  }

  /** Input integers per sample. */
  public int inputCols() {
    return Arrays.stream(inputShape).reduce(1, Math::multiplyExact);
  }

  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public byte[] fingerprint() {
    return fingerprint.clone();
  }

  /** The fingerprint's first 8 bytes in hex, for messages and logs. */
  public String shortFingerprint() {
    return HexFormat.of().formatHex(fingerprint, 0, 8);
  }

  /**
   * Checks a batch of input integers against the plan; the message says what is wrong and where (the caller adds
   * its own context).
   *
   * @return the batch size (input length / inputCols)
   */
  public int checkInput(long[] x) {
    int cols = inputCols();
    if (x.length == 0 || x.length % cols != 0) {
      throw new IllegalArgumentException(x.length + " input values; model " + name + " takes " + cols
          + " per sample (shape " + Arrays.toString(inputShape) + ")");
    }
    int batch = x.length / cols;
    if (batch > maxBatch) {
      throw new IllegalArgumentException("too many input values: " + batch + " samples; model " + name + " takes at"
          + " most " + maxBatch + " per session");
    }
    for (int i = 0; i < x.length; i++) {
      if (x[i] < inputMin || x[i] > inputMax) {
        throw new IllegalArgumentException("input value " + x[i] + " at index " + i + " is outside [" + inputMin
            + ", " + inputMax + "], the input range of model " + name + " (integers at scale " + inputScale + ")");
      }
    }
    return batch;
  }
}
