package org.sirnn.nn.graph;

import org.sirnn.nn.ops.Ops;

/**
 * Reductions over windows: the input's columns are first gathered (ints {@code index}) into {@code window} blocks of
 * equal width, block k holding element k of every window; the blocks are then combined pairwise in a tree, all
 * windows at once (SIMD), ceil(log2 window) levels. {@code maxpool} combines by max(a, b) = a + relu(b - a) (one
 * secure ReLU per level), {@code sumpool} by addition (free; the importer scales by 1/window after it).
 */
final class PoolRunner {
  private PoolRunner() {}

  static <T> T run(Ops<T> o, PlanNode n, T x) {
    int window = n.integer("window");
    T g = o.gatherColumns(x, n.ints("index"));
    int width = o.cols(g) / window;
    boolean max = n.op().equals("maxpool");
    String op = n.name();
    int k = window;
    for (int level = 0; k > 1; level++) {
      int half = k / 2;
      T a = o.columns(g, 0, half * width);
      T b = o.columns(g, half * width, 2 * half * width);
      T r = max ? o.add(op + "/m" + level, a, o.relu(op + "/r" + level, o.sub(op + "/d" + level, b, a)))
          : o.add(op + "/s" + level, a, b);
      g = k % 2 == 0 ? r : o.concat(op + "/c" + level, r, o.columns(g, 2 * half * width, k * width));
      k = k - half;
    }
    return g;
  }
}
