package org.sirnn.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The constant folder: shape arithmetic with a symbolic batch, and the re-indexing ops on constants. */
class ConstFolderTest {
  private static OnnxNode node(String op, Object... attrs) {
    Map<String, Object> a = new java.util.LinkedHashMap<>();
    for (int i = 0; i < attrs.length; i += 2) {
      a.put((String) attrs[i], attrs[i + 1]);
    }
    return new OnnxNode(0, "n", op, List.of("a", "b", "c", "d"), List.of("y"), a);
  }

  /** Folds n with one input name per given tensor. */
  private static OnnxTensor fold(OnnxNode n, OnnxTensor... in) {
    List<String> names = new ArrayList<>();
    for (int k = 0; k < in.length; k++) {
      names.add("i" + k);
    }
    OnnxNode m = new OnnxNode(n.index(), n.name(), n.opType(), names, n.outputs(), n.attributes());
    return ConstFolder.fold(m, new ArrayList<>(Arrays.asList(in))).get(0);
  }

  private static OnnxTensor ints(long... v) {
    return OnnxTensor.ofInts(new int[] {v.length}, v);
  }

  @Test
  void shapeArithmeticKeepsTheBatchSymbolic() {
    OnnxTensor shape = OnnxTensor.symbolic(new int[] {3}, new long[] {0, 8, 4}, new long[] {1, 0, 0});
    OnnxTensor b = fold(node("Gather", "axis", 0L), shape, OnnxTensor.ofInts(new int[0], new long[] {0}));
    assertArrayEquals(new int[0], b.dims());
    assertTrue(b.isSymbolic());
    OnnxTensor times = fold(node("Mul"), b, ints(8));
    OnnxTensor plus = fold(node("Add"), times, ints(2));
    assertArrayEquals(new long[] {8 * 5 + 2}, plus.atBatch(5));
    OnnxTensor half = fold(node("Div"), plus, ints(2));
    assertArrayEquals(new long[] {4 * 7 + 1}, half.atBatch(7));
    OnnxTensor u = fold(node("Unsqueeze"), b, ints(0));
    OnnxTensor cat = fold(node("Concat", "axis", 0L), ints(1), u, ints(16));
    assertArrayEquals(new long[] {1, 3, 16}, cat.atBatch(3));
    assertThrows(IllegalArgumentException.class, cat::toLongs, "a symbolic shape has no concrete values");
    String m = assertThrows(IllegalArgumentException.class, () -> fold(node("Mul"), b, b)).getMessage();
    assertEquals("node 0 'n' (Mul): batch size squared", m);
    m = assertThrows(IllegalArgumentException.class, () -> fold(node("Div"), plus, ints(3))).getMessage();
    assertTrue(m.contains("integer division that depends on the batch size"), m);
  }

  @Test
  void reindexingOnConstants() {
    OnnxTensor m = OnnxTensor.ofFloats(new int[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6});
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, fold(node("Transpose"), m).toDoubles());
    OnnxTensor s = fold(node("Slice"), m, ints(-1), ints(Long.MAX_VALUE), ints(1));
    assertArrayEquals(new int[] {2, 1}, s.dims());
    assertArrayEquals(new double[] {3, 6}, s.toDoubles());
    OnnxTensor rev = fold(node("Slice"), m, ints(-1), ints(Long.MIN_VALUE), ints(1), ints(-1));
    assertArrayEquals(new double[] {3, 2, 1, 6, 5, 4}, rev.toDoubles());
    OnnxTensor g = fold(node("Gather", "axis", 1L), m, OnnxTensor.ofInts(new int[] {2}, new long[] {2, -3}));
    assertArrayEquals(new double[] {3, 1, 6, 4}, g.toDoubles());
    OnnxTensor r = fold(node("Reshape"), m, ints(3, -1));
    assertArrayEquals(new int[] {3, 2}, r.dims());
    OnnxTensor e = fold(node("Expand"), OnnxTensor.ofFloats(new int[] {2, 1}, new double[] {7, 8}), ints(2, 2));
    assertArrayEquals(new double[] {7, 7, 8, 8}, e.toDoubles());
    OnnxTensor c = fold(node("ConstantOfShape", "value", OnnxTensor.ofFloats(new int[] {1}, new double[] {2.5})),
        ints(2, 2));
    assertArrayEquals(new double[] {2.5, 2.5, 2.5, 2.5}, c.toDoubles());
    OnnxTensor cast = fold(node("Cast", "to", 7L), OnnxTensor.ofFloats(new int[] {2}, new double[] {2.7, -1.5}));
    assertArrayEquals(new long[] {2, -1}, cast.toLongs());
  }
}
