package org.sirnn.mpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sirnn.clear.CoreOps;
import org.sirnn.ot.OtBackend;
import org.sirnn.test.Parties;

@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ParameterizedClass
@EnumSource(OtBackend.class)
class B2AMuxTest {

  /** Both parties' OT backend: every test runs on IKNP and on Ferret. */
  @Parameter
  OtBackend backend;

  @Test
  void b2a_matchesTheBit_everyWidth() throws Exception {
    Random rnd = new Random(21);
    for (int l : ShareTestSupport.WIDTHS) {
      int n = 1000;
      long[] b0 = ShareTestSupport.random(rnd, n, 1);
      long[] b1 = ShareTestSupport.random(rnd, n, 1);
      var r = Parties.run(backend, p -> B2A.convert(p, b0, l), p -> B2A.convert(p, b1, l), 60);
      long[] got = ShareTestSupport.add(r.server(), r.client(), l);
      for (int i = 0; i < n; i++) {
        assertEquals(b0[i] ^ b1[i], got[i], "l=" + l + " i=" + i);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 8, 13, 16, 31, 32, 37, 63, 64})
  void mux_equalsTwin(int l) throws Exception {
    Random rnd = new Random(l);
    int n = 2000;
    long[] y = ShareTestSupport.valuesWithEdges(rnd, n, l);
    long[][] ys = ShareTestSupport.split(rnd, y, l);
    long[] b0 = ShareTestSupport.random(rnd, n, 1);
    long[] b1 = ShareTestSupport.random(rnd, n, 1);
    var r = Parties.run(backend, p -> Mux.select(p, b0, ys[0], l), p -> Mux.select(p, b1, ys[1], l), 60);
    long[] got = ShareTestSupport.add(r.server(), r.client(), l);
    long[] want = new long[n];
    for (int i = 0; i < n; i++) {
      want[i] = CoreOps.mux(b0[i] ^ b1[i], y[i], l);
    }
    assertArrayEquals(want, got);
  }

  @Test
  void sharing_roundTrips() throws Exception {
    Random rnd = new Random(3);
    long[] x = ShareTestSupport.random(rnd, 500, 37);
    var r = Parties.run(backend, p -> {
      long[] s = Sharing.share(p, Party.Role.CLIENT, null, 500, 37);
      return Sharing.openTo(p, Party.Role.SERVER, s, 37);
    }, p -> {
      long[] s = Sharing.share(p, Party.Role.CLIENT, x, 500, 37);
      return Sharing.openTo(p, Party.Role.SERVER, s, 37);
    }, 30);
    assertArrayEquals(x, r.server());
    assertEquals(null, r.client());
  }
}
