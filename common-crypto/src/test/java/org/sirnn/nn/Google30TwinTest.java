package org.sirnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The cleartext twin on the real input (the README ships no expected scores: the program defines them). */
class Google30TwinTest {

  @Test
  void realInputGivesDeterministicEightBitScores() {
    Google30Model.Weights w = Google30Data.weights();
    long[] x = Google30Data.input();
    Google30Plain.Result r1 = Google30Plain.infer(w, x);
    Google30Plain.Result r2 = Google30Plain.infer(w, x);
    System.out.println("google30 twin: scores=" + Arrays.toString(r1.scores()) + " label=" + r1.label()
        + " overflows=" + r1.overflows());
    assertArrayEquals(r1.scores(), r2.scores());
    assertEquals(r1.label(), r2.label());
    assertEquals(30, r1.scores().length);
    for (long s : r1.scores()) {
      assertTrue(s >= -128 && s <= 127, "score " + s);
    }
    assertTrue(r1.label() >= 0 && r1.label() < 30);
    assertEquals(r1.scores()[r1.label()], Arrays.stream(r1.scores()).max().getAsLong());
    // the README expects no intermediate to leave its bitwidth on this input
    assertEquals(0, r1.overflows(), "results that wrapped at their bitwidth");
  }

  /** The one program over ClearKernels (the product's twin) equals the README's op-by-op arithmetic. */
  @Test
  void networkOverClearKernelsEqualsTheReadmeArithmetic() {
    Google30Model.Weights w = Google30Data.weights();
    java.util.Random rnd = new java.util.Random(30);
    long[][] inputs = {Google30Data.input(), new long[Google30Model.INPUT_COUNT], new long[Google30Model.INPUT_COUNT],
        new long[Google30Model.INPUT_COUNT]};
    for (int i = 0; i < Google30Model.INPUT_COUNT; i++) {
      inputs[2][i] = rnd.nextInt(256) - 128;
      inputs[3][i] = i % 2 == 0 ? 127 : -128;
    }
    for (long[] x : inputs) {
      for (boolean fused : new boolean[] {false, true}) {
        long[] net = Google30Network.run(new org.sirnn.nn.ops.ClearKernels(), w, x, fused);
        assertArrayEquals(Google30Plain.infer(w, x, fused).scores(), net, "fused " + fused);
      }
    }
  }
}
