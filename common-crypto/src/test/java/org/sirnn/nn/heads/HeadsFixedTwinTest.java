package org.sirnn.nn.heads;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The SiRnn-style fixed-point twin ({@link HeadsSecure#twin}) on the full classroom and group images: p95 absolute
 * error against the float reference below the upstream bar 0.5514 (README "What a reimplementation must meet").
 * The twin also checks on every narrowing that no value leaves its ring.
 */
class HeadsFixedTwinTest {

  static HeadsModel model() throws IOException {
    return HeadsWeights.load(HeadsTestData.dir("heads").resolve("face2"));
  }

  private static double p95(HeadsModel m, String file) throws IOException {
    Path dir = HeadsTestData.dir("heads");
    HeadsImage img = HeadsImage.read(dir.resolve(file));
    long t0 = System.nanoTime();
    int[] out = HeadsSecure.twin(m, img.quantise());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    double p = HeadsAccuracy.p95(out, img.floatReference());
    System.out.printf("heads fixed twin %s: p95 %.6f, %d ms%n", file, p, ms);
    return p;
  }

  @Test
  void classroomBelowBar() throws IOException {
    assertTrue(p95(model(), "classroom.npy") < HeadsAccuracy.BAR);
  }

  @Test
  void groupBelowBar() throws IOException {
    assertTrue(p95(model(), "group.npy") < HeadsAccuracy.BAR);
  }
}
