package org.sirnn.clear.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Audits every LUT entry whose pre-truncation double value v lies within 1e-9 (relative to the integer) of an
 * integer: n = rint(v) &gt;= 1 and |v - n| &lt;= 1e-9 * n (values below 1 cannot reach 1 and are not listed). Such
 * an entry could in principle flip to the neighbouring integer if a platform's {@code exp} (or {@code sqrt})
 * differed from glibc's, so the list is pinned here explicitly, together with the distance to the boundary in
 * units of the double's last place (ulp).
 *
 * <p>Ranges audited (those the twins use): exp digit tables with index scale s_in in -1..16 and output scale
 * s_out in 4..16, indices 0..255 (smaller digits use a prefix of the same entries); reciprocal A0 and A1 for g in
 * 2..8; rsqrt for g in 1..7.
 *
 * <p>Findings. (1) Entries exactly on an integer are only the ones exact by construction: exp index 0
 * (exp(-0.0) = 1, entry 2^s_out) and rsqrt (e, B) = (0, 0) (1/sqrt(1) = 1, entry 2^(g+2)). (2) Five exp entries
 * are within 1e-9 relative of an integer: exp(-2^-s) * 2^s' = 2^s' - 2^(s'-s) + 2^(s'-2s-1) - ..., whose
 * fractional part is tiny for s = 15, 16. They are still about a million double ulps away from the boundary, so
 * no last-bit difference of {@code exp} can flip them. (3) Nothing in the reciprocal or rsqrt tables is near an
 * integer.
 */
class LutBoundaryTest {

  private static final double REL = 1e-9;

  private record Hit(String name, double value) {
    boolean exact() {
      return value == Math.rint(value);
    }

    double ulpsAway() {
      return Math.abs(value - Math.rint(value)) / Math.ulp(value);
    }
  }

  /** Smallest distance to an integer >= 1, in double ulps, over all audited non-exact entries. */
  private static double minUlps = Double.MAX_VALUE;

  private static void visit(List<Hit> out, String name, double v) {
    double n = Math.rint(v);
    if (n < 1) {
      return;
    }
    if (v != n) {
      minUlps = Math.min(minUlps, Math.abs(v - n) / Math.ulp(v));
    }
    if (Math.abs(v - n) <= REL * n) {
      out.add(new Hit(name, v));
    }
  }

  static List<Hit> expHits() {
    List<Hit> out = new ArrayList<>();
    for (int sIn = -1; sIn <= 16; sIn++) {
      for (int sOut = 4; sOut <= 16; sOut++) {
        for (int j = 0; j < 256; j++) {
          visit(out, "exp sIn=" + sIn + " sOut=" + sOut + " j=" + j, ExpTables.entryValue(j, sIn, sOut));
        }
      }
    }
    return out;
  }

  static List<Hit> reciprocalHits() {
    List<Hit> out = new ArrayList<>();
    for (int g = 2; g <= 8; g++) {
      for (int i = 0; i < (1 << g); i++) {
        visit(out, "A0 g=" + g + " idx=" + i, ReciprocalTables.a0Value(i, g));
        visit(out, "A1 g=" + g + " idx=" + i, ReciprocalTables.a1Value(i, g));
      }
    }
    return out;
  }

  static List<Hit> rsqrtHits() {
    List<Hit> out = new ArrayList<>();
    for (int g = 1; g <= 7; g++) {
      for (int e = 0; e < (1 << g); e++) {
        for (int b = 0; b <= 1; b++) {
          visit(out, "rsqrt g=" + g + " e=" + e + " B=" + b, RsqrtTables.entryValue(e, b, g));
        }
      }
    }
    return out;
  }

  private static List<String> names(List<Hit> hits, boolean exact) {
    List<String> out = new ArrayList<>();
    for (Hit h : hits) {
      if (h.exact() == exact) {
        out.add(h.name());
      }
    }
    return out;
  }

  @Test
  void expEntriesOnAnIntegerAreExactlyIndexZero() {
    List<String> expected = new ArrayList<>();
    for (int sIn = -1; sIn <= 16; sIn++) {
      for (int sOut = 4; sOut <= 16; sOut++) {
        expected.add("exp sIn=" + sIn + " sOut=" + sOut + " j=0");
        assertEquals(1L << sOut, ExpTables.entry(0, sIn, sOut), "exp(-0.0) * 2^sOut is exact");
      }
    }
    assertEquals(expected, names(expHits(), true));
  }

  @Test
  void expEntriesNearAnIntegerAreTheFiveKnownOnes() {
    List<Hit> near = new ArrayList<>();
    for (Hit h : expHits()) {
      if (!h.exact()) {
        near.add(h);
      }
    }
    assertEquals(List.of(
        "exp sIn=15 sOut=15 j=1",
        "exp sIn=15 sOut=16 j=1",
        "exp sIn=16 sOut=15 j=2",
        "exp sIn=16 sOut=16 j=1",
        "exp sIn=16 sOut=16 j=2"), names(near, false));
    // their truncated entries (value just above the integer, so the entry is that integer)
    assertEquals(32767, ExpTables.entry(1, 15, 15));
    assertEquals(65534, ExpTables.entry(1, 15, 16));
    assertEquals(32767, ExpTables.entry(2, 16, 15));
    assertEquals(65535, ExpTables.entry(1, 16, 16));
    assertEquals(65534, ExpTables.entry(2, 16, 16));
    for (Hit h : near) {
      assertTrue(h.ulpsAway() > 1e5, h.name() + " only " + h.ulpsAway() + " ulps from an integer");
    }
  }

  @Test
  void reciprocalEntriesAreNeverNearAnInteger() {
    assertEquals(List.of(), names(reciprocalHits(), false));
    assertEquals(List.of(), names(reciprocalHits(), true));
  }

  @Test
  void rsqrtEntriesNearAnIntegerAreExactlyTheOneAtE0B0() {
    List<String> expected = new ArrayList<>();
    for (int g = 1; g <= 7; g++) {
      expected.add("rsqrt g=" + g + " e=0 B=0");
    }
    assertEquals(expected, names(rsqrtHits(), true));
    assertEquals(List.of(), names(rsqrtHits(), false));
  }

  @Test
  void everyNonExactEntryIsFarFromAnIntegerInDoubleUlps() {
    expHits();
    reciprocalHits();
    rsqrtHits();
    // a platform exp differing in the last bit moves v by 1 ulp; every entry is many ulps from a boundary
    assertTrue(minUlps > 100, "min distance " + minUlps + " ulps");
    System.out.printf("LUT audit: closest non-exact entry is %.0f double ulps from an integer%n", minUlps);
  }
}
