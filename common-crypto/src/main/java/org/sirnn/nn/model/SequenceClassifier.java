package org.sirnn.nn.model;

import org.sirnn.nn.ops.Ops;

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

  /**
   * x_t W + b for every step t of every row at once (one op: it does not depend on the state), as rows x (steps x
   * width), in scope "input".
   */
  default <T> T projectAllSteps(Ops<T> o, T input, String weight, String bias, int width) {
    int batch = o.rows(input);
    try (var sc = o.scope("input")) {
      return o.reshape(o.addBias("xw", o.matVec("wx", o.reshape(input, batch * steps(), features()), weight), bias),
          batch, steps() * width);
    }
  }

  /** Scores h FC + FCb in scope "fc". */
  static <T> T classify(Ops<T> o, T h, String weight, String bias) {
    try (var sc = o.scope("fc")) {
      return o.addBias("scores", o.matVec("fc", h, weight), bias);
    }
  }
}
