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
 * @param reveal what the client learns: the scores ({@link Reveal#SCORES}, outputCols per sample) or only the label
 *     ({@link Reveal#LABEL}: one output per sample, the index of the largest score, found securely)
 * @param classes scores per sample of the model's last layer (the labels' range); equals outputCols when the
 *     scores are revealed
 */
public record ModelPlan(String name, String description, int[] inputShape, long inputMin, long inputMax,
    int inputScale, int outputCols, int outputScale, List<String> labels, int maxBatch, byte[] fingerprint,
    Duration quietLimit, long minHeapBytes, Reveal reveal, int classes) {

  /** What a session opens to the client ({@code "reveal"} in a model's model.json). */
  public enum Reveal {
    /** The output vector (the scores), the default. */
    SCORES,
    /** Only the label: a secure argmax of the scores ({@link org.sirnn.fixed.Argmax}) is opened, never the scores. */
    LABEL;

    /** The metadata's spelling: "scores" or "label". */
    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses the metadata's value; the message names the allowed values. */
    public static Reveal parse(String s) {
      for (Reveal r : values()) {
        if (r.json().equals(s)) {
          return r;
        }
      }
      throw new IllegalArgumentException("reveal '" + s + "' is not one of \"scores\", \"label\"");
    }
  }

  /** A plan revealing the scores (outputCols classes). */
  public ModelPlan(String name, String description, int[] inputShape, long inputMin, long inputMax,
      int inputScale, int outputCols, int outputScale, List<String> labels, int maxBatch, byte[] fingerprint,
      Duration quietLimit, long minHeapBytes) {
    this(name, description, inputShape, inputMin, inputMax, inputScale, outputCols, outputScale, labels, maxBatch,
        fingerprint, quietLimit, minHeapBytes, Reveal.SCORES, outputCols);
  }

  public ModelPlan {
    if (reveal == null) {
      throw new IllegalArgumentException(name + ": no reveal mode");
    }
    if (reveal == Reveal.SCORES ? classes != outputCols : outputCols != 1 || classes < 1) {
      throw new IllegalArgumentException(name + ": reveal " + reveal.json() + " with " + outputCols + " outputs of "
          + classes + " classes");
    }
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

  /**
   * This plan revealing only the label: one output per sample (the index of the largest of the {@code outputCols}
   * scores, lowest on ties, at scale 0), its fingerprint derived from this one and the reveal mode, so a client and
   * a server that disagree on the mode refuse the session.
   */
  public ModelPlan revealingLabel() {
    if (reveal != Reveal.SCORES) {
      throw new IllegalStateException(name + ": already reveals " + reveal.json());
    }
    byte[] fp = PlanFingerprint.of("reveal").with("plan", HexFormat.of().formatHex(fingerprint))
        .with("reveal", Reveal.LABEL.json()).with("classes", outputCols)
        .with("argmax", "tree of comparisons and multiplexers, scores sign-extended by 1 bit, lowest index on ties")
        .digest();
    return new ModelPlan(name, description + "; reveals only the label (secure argmax of the " + outputCols
        + " scores)", inputShape, inputMin, inputMax, inputScale, 1, 0, labels, maxBatch, fp, quietLimit,
        minHeapBytes, Reveal.LABEL, outputCols);
  }

  /** True when a session opens only the label. */
  public boolean revealsLabel() {
    return reveal == Reveal.LABEL;
  }

  /**
   * The label of every sample of opened outputs (batch x outputCols): the outputs themselves when the plan reveals
   * the label, else each row's argmax (first on ties).
   */
  public int[] labelsOf(long[] outputs) {
    if (revealsLabel()) {
      int[] l = new int[outputs.length];
      for (int i = 0; i < l.length; i++) {
        l[i] = Math.toIntExact(outputs[i]);
      }
      return l;
    }
    return org.sirnn.nn.model.Inference.argmax(outputs, outputCols);
  }

  /** The name of label {@code label}, or null when the plan has no names for it. */
  public String labelName(int label) {
    return label >= 0 && label < labels.size() ? labels.get(label) : null;
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
