package org.sirnn.nn.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.sirnn.mpc.Party;
import org.sirnn.nn.ops.ClearKernels;
import org.sirnn.nn.ops.Kernels;
import org.sirnn.nn.ops.SecureKernels;
import org.sirnn.ring.Ring;
import org.sirnn.test.Parties;
import org.sirnn.test.TwoParties;

/**
 * Secure == twin bit for bit on crops (issue 12 "Must show"): one RNNPool patch of the rnnpool-unit oracle (also
 * against its float output), the face-2 front (conv, bias, scale, ReLU6, RNNPool) on an image crop, one MBConv
 * block with its residual, and detection head 1 (L2Norm with rsqrt, scale, convs, max-out). The client always runs
 * with {@link HeadsSecure#publicView} (no weight values). Costs are printed (client view: bytes both ways, rounds).
 */
class HeadsSecureCropTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A computation over kernels returning the client's opened output (the server returns null). */
  interface Body {
    long[] run(FxKernels fk, boolean server) throws Exception;
  }

  private static long[] twin(Body b) throws Exception {
    return b.run(new FxKernels(new ClearKernels(), HeadsSecure.ROUND_NEAREST), true);
  }

  static long[] secure(String name, Body b) throws Exception {
    long[] cost = new long[3];
    TwoParties.Results<long[], long[]> r = Parties.run(
        p -> b.run(new FxKernels(new SecureKernels(p), HeadsSecure.ROUND_NEAREST), true),
        p -> {
          long b0 = p.traffic().bytesSent() + p.traffic().bytesReceived();
          long r0 = p.traffic().rounds();
          long t0 = System.nanoTime();
          long[] out = b.run(new FxKernels(new SecureKernels(p), HeadsSecure.ROUND_NEAREST), false);
          cost[0] = p.traffic().bytesSent() + p.traffic().bytesReceived() - b0;
          cost[1] = p.traffic().rounds() - r0;
          cost[2] = (System.nanoTime() - t0) / 1_000_000;
          if (Boolean.getBoolean("sirnn.heads.breakdown")) {
            new java.util.TreeMap<>(p.traffic().snapshot()).forEach((k, v) -> {
              if (k.chars().filter(ch -> ch == '/').count() <= 2) {
                System.out.printf("  %-60s %,13d B %6d r%n", k, v.bytes(), v.rounds());
              }
            });
          }
          return out;
        }, 120);
    System.out.printf("heads secure %s: %d bytes, %d rounds, %d ms%n", name, cost[0], cost[1], cost[2]);
    return r.client();
  }

  static long[] open(FxKernels fk, FxMap m) {
    long[] v = fk.kernels().revealToClient(m.v(), m.bits());
    if (v == null) {
      return null;
    }
    long[] s = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      s[i] = Ring.signed(v[i], m.bits());
    }
    return s;
  }

  static FxMap in(FxKernels fk, boolean server, long[] vals, int h, int w, int c, int bits) {
    Kernels k = fk.kernels();
    boolean client = !k.hasWeights() || k instanceof ClearKernels;
    return new FxMap(h, w, c, k.input(client ? vals : null, h * w * c, bits), bits);
  }

  private static double[] values(JsonNode n, String key) {
    JsonNode a = n.get(key).get("values");
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).asDouble();
    }
    return v;
  }

  private static FixedGrnn unitCell(Path dir, int k, int in, int sx, int xBits) throws IOException {
    JsonNode n = JSON.readTree(dir.resolve("rnn" + k + ".json").toFile());
    int hidden = values(n, "Bg" + k).length;
    return FixedGrnn.fromFloat("RNN" + k, values(n, "W" + k), values(n, "U" + k), values(n, "Bg" + k),
        values(n, "Bh" + k), in, hidden, 14, sx, xBits, 11);
  }

  @Test
  void rnnPoolUnitPatch() throws Exception {
    Path dir = HeadsTestData.dir("rnnpool-unit");
    JsonNode inJ = JSON.readTree(dir.resolve("trace_0_0_input.json").toFile());
    double[] x = values(inJ, "input");
    double[] want = values(JSON.readTree(dir.resolve("trace_0_0_output.json").toFile()), "output");
    int sx = 12;
    long[] xq = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      xq[i] = Math.round(x[i] * (1 << sx));
    }
    FixedRnnPool pool = new FixedRnnPool(unitCell(dir, 1, 8, sx, 16), unitCell(dir, 2, 8, 14, FixedGrnn.H_BITS), 6,
        6, 0, 0, FixedGrnn.H_BITS, false);
    Body b = (fk, server) -> open(fk, pool.apply(fk, in(fk, server, xq, 6, 6, 8, 16)));
    long[] tw = twin(b);
    long[] sec = secure("rnnpool-unit patch", b);
    assertArrayEquals(tw, sec);
    double maxErr = 0;
    for (int i = 0; i < 32; i++) {
      maxErr = Math.max(maxErr, Math.abs(tw[i] / 16384.0 - want[i]));
    }
    System.out.printf("rnnpool-unit: max |fixed - float| = %.6f%n", maxErr);
    assertTrue(maxErr < 0.01, "max error " + maxErr);
  }

  private static long[] imageCrop(int r0, int c0, int h, int w) throws IOException {
    HeadsImage img = HeadsImage.read(HeadsTestData.dir("heads").resolve("classroom.npy"));
    IntTensor q = img.quantise();
    long[] v = new long[h * w];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        v[r * w + c] = q.get(r0 + r, c0 + c, 0);
      }
    }
    return v;
  }

  @Test
  void frontAndRnnPoolOnCrop() throws Exception {
    HeadsModel m = HeadsFixedTwinTest.model();
    HeadsModel pub = HeadsSecure.publicView(m);
    long[] crop = imageCrop(100, 120, 24, 40); // -> 12 x 20 x 4 -> 2 x 4 patches -> 3 x 5 x 64
    Body b = (fk, server) -> {
      HeadsModel mm = server ? m : pub;
      HeadsFixedBackend be = new HeadsFixedBackend(fk);
      FxMap y = be.conv(in(fk, server, crop, 24, 40, 1, 8), mm.conv1(), 8, 8);
      y = be.addVec(y, mm.bias1(), 8);
      y = be.conv(y, mm.scale1(), 8, 8);
      y = be.relu6(y, mm.reluLimit(), mm.reluDiv(), 8);
      return open(fk, be.rnnPool(y, mm.rnnPool()));
    };
    long[] tw = twin(b);
    assertArrayEquals(tw, secure("front + RNNPool, 24x40 crop (8 patches)", b));
  }

  private static long[] randomMap(int n, int bound, long seed) {
    Random r = new Random(seed);
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextInt(2 * bound + 1) - bound;
    }
    return v;
  }

  @Test
  void mbConvBlockOnCrop() throws Exception {
    HeadsModel m = HeadsFixedTwinTest.model();
    HeadsModel pub = HeadsSecure.publicView(m);
    long[] x = randomMap(5 * 6 * 32, 3000, 2);
    Body b = (fk, server) -> {
      HeadsModel mm = server ? m : pub;
      HeadsFixedBackend be = new HeadsFixedBackend(fk);
      FxMap a = in(fk, server, x, 5, 6, 32, 16);
      return open(fk, be.residual(a, be.mbConv(a, mm.block(2)), mm.block(2)));
    };
    long[] tw = twin(b);
    assertArrayEquals(tw, secure("MBConv L2 + residual, 5x6x32 crop", b));
  }

  @Test
  void detectionHeadOnCrop() throws Exception {
    HeadsModel m = HeadsFixedTwinTest.model();
    HeadsModel pub = HeadsSecure.publicView(m);
    long[] x = randomMap(5 * 6 * 32, 3000, 3);
    Body b = (fk, server) -> {
      HeadsModel mm = server ? m : pub;
      HeadsFixedBackend be = new HeadsFixedBackend(fk);
      HeadsGraph.Head<FxMap> h = HeadsGraph.detect(be, mm.head(1), in(fk, server, x, 5, 6, 32, 16));
      long[] conf = open(fk, h.conf());
      long[] loc = open(fk, h.loc());
      if (conf == null) {
        return null;
      }
      long[] all = new long[conf.length + loc.length];
      System.arraycopy(conf, 0, all, 0, conf.length);
      System.arraycopy(loc, 0, all, conf.length, loc.length);
      return all;
    };
    long[] tw = twin(b);
    assertArrayEquals(tw, secure("detection head 1 (L2Norm, max-out), 5x6x32 crop", b));
  }

}
