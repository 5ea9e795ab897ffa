package org.sirnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Google30ModelTest {

  private static ByteArrayInputStream lines(long[] v) {
    StringBuilder sb = new StringBuilder();
    for (long x : v) {
      sb.append(x).append('\n');
    }
    return new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void loadsWellFormedWeightsIntoTensors() {
    long[] v = new long[Google30Model.WEIGHT_COUNT];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i % 256) - 128;
    }
    Google30Model.Weights w = Google30Model.loadWeights(lines(v), "test");
    assertEquals(512, w.w1().length);
    assertEquals(1600, w.w2().length);
    assertEquals(30, w.fcBias().length);
    assertEquals(v[512], w.w2()[0]);
    assertEquals(v[v.length - 1], w.fcBias()[29]);
  }

  @Test
  void wrongWeightCountNamesTheTensors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Google30Model.loadWeights(lines(new long[600]), "short.txt"));
    assertTrue(e.getMessage().contains("12342") && e.getMessage().contains("600"), e.getMessage());
    assertTrue(e.getMessage().contains("inside tensor W2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Google30Model.loadWeights(lines(new long[12343]), "long.txt"));
    assertTrue(e.getMessage().contains("expected 12342"), e.getMessage());
  }

  @Test
  void outOfRangeWeightNamesTheTensor() {
    long[] v = new long[Google30Model.WEIGHT_COUNT];
    v[512 + 1600 + 3500 + 3500 + 100 + 7] = 128; // Bh[7]
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Google30Model.loadWeights(lines(v), "w.txt"));
    assertTrue(e.getMessage().contains("tensor Bh element 7"), e.getMessage());
    long[] v2 = new long[Google30Model.WEIGHT_COUNT];
    v2[3] = -129; // W1[0][3]
    e = assertThrows(IllegalArgumentException.class, () -> Google30Model.loadWeights(lines(v2), "w.txt"));
    assertTrue(e.getMessage().contains("tensor W1 element 3"), e.getMessage());
  }

  @Test
  void inputErrorsNameTheInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Google30Model.loadInput(lines(new long[3167]), "in.txt"));
    assertTrue(e.getMessage().contains("input") && e.getMessage().contains("3168"), e.getMessage());
    long[] v = new long[3168];
    v[32 * 5 + 2] = 200;
    e = assertThrows(IllegalArgumentException.class, () -> Google30Model.loadInput(lines(v), "in.txt"));
    assertTrue(e.getMessage().contains("tensor input element 162 (step 5, feature 2"), e.getMessage());
  }

  @Test
  void nonIntegerLineIsReportedWithItsNumber() {
    ByteArrayInputStream in = new ByteArrayInputStream("1\n2\nabc\n".getBytes(StandardCharsets.US_ASCII));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Google30Model.loadInput(in, "bad.txt"));
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
  }

  @Test
  void realFilesLoad() {
    Google30Model.Weights w = Google30Data.weights();
    long[] x = Google30Data.input();
    assertEquals(3000, w.fc().length);
    assertEquals(3168, x.length);
  }
}
