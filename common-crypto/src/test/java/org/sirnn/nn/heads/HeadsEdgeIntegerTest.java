package org.sirnn.nn.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole Heads network in EdgeML integers against the C reference's output for classroom.npy
 * (expected_q15_classroom.txt) and against the float model for both images (heads/README.md "What a
 * reimplementation must meet").
 */
class HeadsEdgeIntegerTest {
  private static Path dir;
  private static HeadsModel model;
  private static int[] expected;

  @BeforeAll
  static void load() throws IOException {
    dir = HeadsTestData.dir("heads");
    model = HeadsWeights.load(dir.resolve("face2"));
    List<String> lines = Files.readAllLines(dir.resolve("expected_q15_classroom.txt"));
    expected = lines.stream().filter(s -> !s.isBlank()).mapToInt(s -> Integer.parseInt(s.strip())).toArray();
    assertEquals(HeadsOutputLayout.SIZE, expected.length);
  }

  private static String mismatchSummary(int[] out) {
    int[] perSegment = new int[HeadsOutputLayout.SEGMENTS.size()];
    for (int i = 0; i < out.length; i++) {
      if (out[i] != expected[i]) {
        perSegment[HeadsOutputLayout.SEGMENTS.indexOf(HeadsOutputLayout.segmentOf(i))]++;
      }
    }
    StringBuilder s = new StringBuilder();
    for (int k = 0; k < perSegment.length; k++) {
      if (perSegment[k] > 0) {
        s.append(' ').append(HeadsOutputLayout.SEGMENTS.get(k).name()).append('=').append(perSegment[k]);
      }
    }
    return s.length() == 0 ? " none" : s.toString();
  }

  @Test
  void classroomMatchesTheCReference() throws IOException {
    HeadsImage img = HeadsImage.read(dir.resolve("classroom.npy"));
    long t0 = System.nanoTime();
    int[] out = new HeadsEdgeInteger(model, true).run(img.quantise());
    long t1 = System.nanoTime();
    int equal = HeadsAccuracy.equalCount(out, expected);
    double p95 = HeadsAccuracy.p95(out, img.floatReference());
    System.out.printf("classroom, with buffer quirk: %d/18000 equal, p95 = %.6f, %.2f s%n", equal, p95,
        (t1 - t0) / 1e9);
    System.out.println("  mismatches per segment:" + mismatchSummary(out));
    assertTrue(equal >= 17820, "equal " + equal);
    assertTrue(p95 < HeadsAccuracy.BAR, "p95 " + p95);
    assertEquals(18000, equal, "README: the quirk gives 18000/18000");
  }

  @Test
  void classroomCleanNetwork() throws IOException {
    HeadsImage img = HeadsImage.read(dir.resolve("classroom.npy"));
    int[] out = new HeadsEdgeInteger(model, false).run(img.quantise());
    int equal = HeadsAccuracy.equalCount(out, expected);
    double p95 = HeadsAccuracy.p95(out, img.floatReference());
    System.out.printf("classroom, clean (no quirk): %d/18000 equal, p95 = %.6f%n", equal, p95);
    System.out.println("  mismatches per segment:" + mismatchSummary(out));
    assertTrue(equal >= 17820, "equal " + equal);
    assertTrue(p95 < HeadsAccuracy.BAR, "p95 " + p95);
  }

  @Test
  void groupWithinTheFloatBar() throws IOException {
    HeadsImage img = HeadsImage.read(dir.resolve("group.npy"));
    int[] quirk = new HeadsEdgeInteger(model, true).run(img.quantise());
    int[] clean = new HeadsEdgeInteger(model, false).run(img.quantise());
    double p95 = HeadsAccuracy.p95(quirk, img.floatReference());
    double p95Clean = HeadsAccuracy.p95(clean, img.floatReference());
    System.out.printf("group: p95 = %.6f with quirk, %.6f clean%n", p95, p95Clean);
    assertTrue(p95 < HeadsAccuracy.BAR, "p95 " + p95);
    assertTrue(p95Clean < HeadsAccuracy.BAR, "p95 " + p95Clean);
  }
}
