package org.sirnn.nn.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@link Kernels#parallel} and {@link Ops#parallel} where nothing is communicated (the twin, float, the recording
 * pass): the branches run one after the other on the same object, so a branch may wait only for values of branches
 * before it.
 */
public final class InTurn {
  private InTurn() {}

  /** Applies each branch to {@code self}, in order; their results in order. */
  public static <K, R> List<R> run(List<? extends Function<K, ? extends R>> branches, K self) {
    List<R> out = new ArrayList<>(branches.size());
    for (Function<K, ? extends R> b : branches) {
      out.add(b.apply(self));
    }
    return out;
  }

  /** The value of an earlier branch; an error if it does not exist yet (the branch waits for a later one). */
  public static <V> V done(CompletableFuture<V> value) {
    if (!value.isDone()) {
      throw new IllegalStateException("a branch waits for a value of a later branch");
    }
    return value.join();
  }
}
