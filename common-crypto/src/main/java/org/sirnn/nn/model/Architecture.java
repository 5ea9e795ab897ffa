package org.sirnn.nn.model;

import java.util.Map;
import org.sirnn.nn.graph.GraphProgram;
import org.sirnn.nn.ops.Ops;

/**
 * A model's forward pass, written once against {@link Ops} so that the float reference, the fixed-point twin and
 * the secure inference run the same program. Built from the public metadata alone ({@link #of}).
 */
public interface Architecture {

  /** Input values per sample. */
  int inputCols();

  /** Scores per sample. */
  int outputCols();

  /** Every weight tensor the program reads, with its shape (row-major). */
  Map<String, int[]> tensorShapes();

  /** Scores, batch x outputCols, for the batch x inputCols input. */
  <T> T forward(Ops<T> o, T input);

  /** The architecture named by the metadata's kind, with its dimensions. */
  static Architecture of(ModelSpec spec) {
    return switch (spec.kind()) {
      case FastGrnnNet.KIND -> FastGrnnNet.from(spec);
      case ShallowRnnNet.KIND -> ShallowRnnNet.from(spec);
      case GruNet.KIND -> GruNet.from(spec);
      case LstmNet.KIND -> LstmNet.from(spec);
      case GraphProgram.KIND -> GraphProgram.from(spec);
      default -> throw new IllegalArgumentException(spec.name() + ": unknown architecture kind '" + spec.kind()
          + "' (known: " + FastGrnnNet.KIND + ", " + ShallowRnnNet.KIND + ", " + GruNet.KIND + ", " + LstmNet.KIND
          + ", " + GraphProgram.KIND + ")");
    };
  }
}
