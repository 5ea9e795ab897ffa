package org.sirnn.nn.model;

/**
 * Labelled float inputs of a model: n samples of inputCols values (row-major, already in the model's input
 * domain, e.g. normalised features), with their true labels (-1 when unknown).
 */
public record LabelledSamples(double[] inputs, int n, int inputCols, int[] labels) {
  public LabelledSamples {
    if (inputs.length != n * inputCols || labels.length != n) {
      throw new IllegalArgumentException("samples: " + inputs.length + " values and " + labels.length
          + " labels for " + n + " x " + inputCols);
    }
  }

  /** Row k. */
  public double[] row(int k) {
    double[] r = new double[inputCols];
    System.arraycopy(inputs, k * inputCols, r, 0, inputCols);
    return r;
  }
}
