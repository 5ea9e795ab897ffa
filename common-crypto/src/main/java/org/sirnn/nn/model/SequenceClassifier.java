package org.sirnn.nn.model;

/** An architecture over one sequence per sample: steps x features in, classes out. */
public interface SequenceClassifier extends Architecture {
  int steps();

  int features();

  int classes();

  @Override
  default int inputCols() {
    return steps() * features();
  }

  @Override
  default int outputCols() {
    return classes();
  }
}
