package org.sirnn.clear.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Parameter defaults, derived values and validation messages. */
class ParamsTest {

  private static void rejects(Executable e, String... fragments) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
    for (String f : fragments) {
      assertTrue(ex.getMessage().contains(f), "message '" + ex.getMessage() + "' lacks '" + f + "'");
    }
  }

  @Test
  void expDefaultsAndDigits() {
    ExpParams p = new ExpParams(16, 12, 16, 14);
    assertEquals(8, p.digitBits());
    assertEquals(2, p.digits());
    assertEquals(8, p.lastDigitBits());
    assertEquals(16, p.lutBits());
    assertEquals(4, p.digitScale(1));
    ExpParams q = new ExpParams(20, 12, 16, 12);
    assertEquals(3, q.digits());
    assertEquals(4, q.lastDigitBits());
    assertEquals(4, q.digitSize(2));
    assertEquals(8, q.digitSize(1));
    assertEquals(8, new ExpParams(64, 30, 34, 31).digits());
    assertEquals(32, new ExpParams(64, 30, 34, 31, 2).digits());
  }

  @Test
  void expRejectsUnsupportedCombinations() {
    rejects(() -> new ExpParams(16, 12, 15, 14), "bwOut", "16..64", "got 15");
    rejects(() -> new ExpParams(17, 12, 16, 12), "bwIn 17", "1-bit last digit");
    rejects(() -> new ExpParams(16, 12, 16, 12, 1), "digitBits", "2..8", "got 1");
    rejects(() -> new ExpParams(16, 12, 16, 12, 9), "digitBits", "got 9");
    rejects(() -> new ExpParams(16, 12, 64, 32), "scaleOut", "0..31", "got 32");
    rejects(() -> new ExpParams(1, 0, 16, 12), "bwIn", "2..64");
    rejects(() -> new ExpParams(65, 0, 16, 12), "bwIn", "2..64");
    rejects(() -> new ExpParams(16, 64, 16, 12), "scaleIn", "-64..63");
    rejects(() -> new ExpParams(64, -1, 34, 31), "scaleIn must be >= 0", "fit 64 bits", "got -1");
    rejects(() -> new TanhParams(64, 0, 16, 12), "scaleIn must be >= 0", "got -1");
    assertEquals(3, new ExpParams(24, -40, 16, 12).digits()); // 24 bits: top digit at scale -56, 8 + 56 <= 64
    rejects(() -> new ExpParams(24, -41, 16, 12), "scaleIn must be >= -40");
  }

  @Test
  void sigmoidAndTanhDivChoices() {
    // g = ceil((s-2)/2), 0 iterations up to 18; beyond, g = ceil((ceil(s/2)-2)/2) and 1 iteration
    int[] expectedG = {0, 0, 0, 0, 0, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7};
    for (int s = 5; s <= 31; s++) {
      SigmoidParams p = new SigmoidParams(16, 12, 16, s);
      TanhParams t = new TanhParams(16, 12, 16, s);
      assertEquals(expectedG[s], p.divLutBits(), "g at s=" + s);
      assertEquals(expectedG[s], t.divLutBits(), "g at s=" + s);
      assertEquals(s <= 18 ? 0 : 1, p.divIterations());
      assertEquals(s <= 18 ? 0 : 1, t.divIterations());
      assertEquals(s + 2, p.lutBits());
    }
    assertEquals(new ExpParams(16, 11, 14, 12), new TanhParams(16, 12, 16, 12).expParams());
    assertEquals(new ExpParams(16, 12, 14, 12), new SigmoidParams(16, 12, 16, 12).expParams());
  }

  @Test
  void sigmoidAndTanhRejectUnsupportedCombinations() {
    rejects(() -> new SigmoidParams(16, 12, 16, 4), "sigmoid", "scaleOut", "5..31", "got 4");
    rejects(() -> new TanhParams(16, 12, 16, 4), "tanh", "scaleOut", "5..31", "got 4");
    rejects(() -> new SigmoidParams(16, 12, 16, 32), "scaleOut", "got 32");
    rejects(() -> new SigmoidParams(9, 12, 16, 12), "bwIn 9", "1-bit last exp digit");
    rejects(() -> new TanhParams(25, 12, 16, 12), "bwIn 25", "1-bit");
    rejects(() -> new TanhParams(16, -64, 16, 12), "scaleIn", "-63..64");
    rejects(() -> new SigmoidParams(16, 12, 0, 12), "bwOut", "1..64");
  }

  @Test
  void rsqrtChoices() {
    for (int s = 1; s <= 14; s++) {
      RsqrtParams p = new RsqrtParams(32, 12, 32, s);
      assertEquals((s + 1) / 2, p.lutBits());
      assertEquals(1, p.iterations());
    }
    for (int s = 15; s <= 28; s++) {
      RsqrtParams p = new RsqrtParams(32, 12, 32, s);
      assertEquals(((s + 1) / 2 + 1) / 2, p.lutBits());
      assertEquals(2, p.iterations());
    }
    assertEquals(12 + 1 + 8 - 1, new RsqrtParams(16, 12, 16, 12).resultBits());
  }

  @Test
  void rsqrtRejectsUnsupportedCombinations() {
    rejects(() -> new RsqrtParams(40, 12, 40, 29), "scaleOut 29", "g = 8 > 7", "1..28");
    rejects(() -> new RsqrtParams(40, 12, 40, 0), "scaleOut", "1..28", "got 0");
    rejects(() -> new RsqrtParams(16, 12, 16, 15), "bwIn", "17..64", "got 16");
    rejects(() -> new RsqrtParams(16, 16, 16, 12), "scaleIn", "0..15", "got 16");
    rejects(() -> new RsqrtParams(16, -1, 16, 12), "scaleIn", "got -1");
    rejects(() -> new RsqrtParams(16, 12, 65, 12), "bwOut", "1..64");
  }

  @Test
  void divRejectsUnsupportedCombinations() {
    rejects(() -> ClearMath.div(1, 1 << 12, 2, 14, 14, 0, 12, 13, true), "sDn", "sOut <= sDn", "got 12");
    rejects(() -> ClearMath.div(1, 1 << 12, 2, 14, 14, 0, 12, 4, true), "sOut", "5..36", "got 4");
    rejects(() -> ClearMath.div(1, 1L << 40, 2, 42, 42, 0, 40, 30, true), "Goldschmidt", "sOut + sDn + 2 <= 64");
    rejects(() -> ClearMath.div(1, 1 << 20, 50, 22, 22, 0, 20, 20, true), "bwNm", "sOut + bwNm <= 64");
    rejects(() -> ClearMath.div(1, 1 << 12, 2, 14, 14, 14, 12, 12, true), "sNm", "0..13", "got 14");
    rejects(() -> ClearMath.reciprocalApprox(1 << 12, 1, 12), "g", "2..8", "got 1");
    rejects(() -> ClearMath.reciprocalApprox(1 << 4, 4, 4), "s", "5..56", "got 4");
    rejects(() -> ClearMath.reciprocalApprox(1 << 12, 5, 12, 13), "sOut", "0..12");
  }

  @Test
  void tableAccessorsRejectBadArguments() {
    rejects(() -> ReciprocalTables.packedTable(9), "g", "2..8");
    rejects(() -> ReciprocalTables.a0(4, 2), "idx", "0..3", "got 4");
    rejects(() -> RsqrtTables.table(8), "g", "1..7");
    rejects(() -> RsqrtTables.entry(0, 2, 3), "B", "0..1");
    rejects(() -> ExpTables.expDigitTable(0, 1, 12, 12), "digitBits", "2..8");
    rejects(() -> ExpTables.expDigitTable(2, 8, 9, 12, 12), "indexBits", "2..8", "got 9");
  }
}
