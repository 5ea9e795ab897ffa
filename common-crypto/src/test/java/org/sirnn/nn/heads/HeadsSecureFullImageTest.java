package org.sirnn.nn.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.sirnn.net.Traffic;
import org.sirnn.test.Parties;
import org.sirnn.test.TwoParties;

/**
 * One secure inference of the full classroom image in-process (both parties in this JVM), compared bit for bit
 * with the twin and against the float reference; prints per-layer and total bytes, rounds and time. Long (tens of
 * minutes): runs only with {@code -Dsirnn.heads.full=true} (and a large heap, e.g. -Xmx16g).
 */
class HeadsSecureFullImageTest {

  @Test
  void classroomSecureEqualsTwin() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("sirnn.heads.full"), "long test: -Dsirnn.heads.full=true");
    String file = System.getProperty("sirnn.heads.image", "classroom.npy");
    Path dir = HeadsTestData.dir("heads");
    HeadsModel m = HeadsFixedTwinTest.model();
    HeadsModel pub = HeadsSecure.publicView(m);
    HeadsImage img = HeadsImage.read(dir.resolve(file));
    IntTensor q = img.quantise();
    int[] twin = HeadsSecure.twin(m, q);
    long[] cost = new long[3];
    Map<String, Traffic.Stats> layers = new TreeMap<>();
    TwoParties.Results<int[], int[]> r = Parties.run(p -> HeadsSecure.infer(p, m, null), p -> {
      long t0 = System.nanoTime();
      int[] out = HeadsSecure.infer(p, pub, q);
      cost[0] = p.traffic().bytesSent() + p.traffic().bytesReceived();
      cost[1] = p.traffic().rounds();
      cost[2] = (System.nanoTime() - t0) / 1_000_000;
      p.traffic().snapshot().forEach((k, v) -> {
        if (k.indexOf('/') < 0) {
          layers.put(k, v);
        }
      });
      return out;
    }, 6 * 3600);
    layers.forEach((k, v) -> System.out.printf("heads layer %-14s %,15d bytes %7d rounds %10.0f ms%n", k, v.bytes(),
        v.rounds(), v.millis()));
    double p95 = HeadsAccuracy.p95(r.client(), img.floatReference());
    System.out.printf("heads secure full %s: %,d bytes, %d rounds, %d ms, p95 %.6f, secure==twin %d/18000%n", file,
        cost[0], cost[1], cost[2], p95, HeadsAccuracy.equalCount(twin, r.client()));
    assertArrayEquals(twin, r.client());
    assertTrue(p95 < HeadsAccuracy.BAR);
  }
}
