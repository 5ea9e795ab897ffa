package org.sirnn.clear.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden hashes of the SCI math functions at bitwidth 16, from the colleague's specification report
 * (golden.txt): h = h * 1000003 + (y &amp; 0xFFFF) mod 2^64 over x = 0..65535, plus eight sample outputs per
 * configuration (inputs 0, 1, 100, 4096, 32767, -32768, -1, -4096; outputs signed 16-bit, sigmoid unsigned).
 */
class GoldenHashTest {

  private static final long[] SAMPLE_X = {0, 1, 100, 4096, 0x7FFF, 0x8000, 0xFFFF, 0xF000};

  static Stream<Arguments> golden() {
    return Stream.of(
        Arguments.of("sigmoid", 12, 12, "5ca80f8053961165", new long[] {2047, 2047, 2072, 2994, 4095, 0, 2046, 1100}),
        Arguments.of("sigmoid", 8, 14, "d17d2e77fc61218d",
            new long[] {8191, 8207, 9771, 16383, 16383, 0, 8174, 0}),
        Arguments.of("sigmoid", 9, 14, "3b19a207bbe5c664",
            new long[] {8191, 8199, 8989, 16378, 16383, 0, 8182, 4}),
        Arguments.of("sigmoid", 11, 14, "8c5a70de212e7c6c",
            new long[] {8191, 8193, 8391, 14431, 16383, 0, 8188, 1952}),
        Arguments.of("sigmoid", 13, 14, "b9d932f712a9428e",
            new long[] {8191, 8192, 8241, 10198, 16090, 294, 8191, 6185}),
        Arguments.of("sigmoid", 6, 14, "e75b9f4900f730b7",
            new long[] {8191, 8255, 13544, 16383, 16383, 0, 8126, 0}),
        Arguments.of("tanh", 12, 12, "939fe4cd3976408b", new long[] {0, 1, 100, 3119, 4095, -4095, -1, -3119}),
        Arguments.of("tanh", 9, 9, "dbbb755ccd0d75b3", new long[] {0, 1, 98, 511, 511, -511, -1, -511}),
        Arguments.of("tanh", 8, 8, "27ea81a107a378ab", new long[] {0, 1, 95, 255, 255, -255, -1, -255}),
        Arguments.of("tanh", 11, 11, "6e8ea764551ec6eb", new long[] {0, 1, 100, 1974, 2047, -2047, -1, -1974}),
        Arguments.of("tanh", 13, 13, "3a7e77db52dc4d87", new long[] {0, 1, 100, 3786, 8189, -8187, -1, -3786}),
        Arguments.of("tanh", 6, 6, "35e0a2d65c7917b3", new long[] {0, 1, 59, 63, 63, -63, -1, -63}),
        Arguments.of("exp", 12, 12, "45afc923c15b94ec", new long[] {4096, 0, 0, 0, 0, 1, 4095, 1506}),
        Arguments.of("exp", 10, 12, "50b7cf0469ba9a58", new long[] {4096, 0, 0, 0, 0, 0, 4092, 75}),
        Arguments.of("exp", 14, 14, "2305071eced0998c",
            new long[] {16384, 299, 301, 385, 2216, 2217, 16383, 12759}),
        Arguments.of("rsqrt", 12, 12, "acb862a20c911904",
            new long[] {0, 0, 26208, 4096, 1448, 0, 1448, 1548}),
        Arguments.of("rsqrt", 12, 11, "4f9f0395ac7f9b58", new long[] {0, 0, 13104, 2048, 724, 0, 724, 774}),
        Arguments.of("rsqrt", 10, 9, "b8cc01b4104cec8c", new long[] {24576, 16384, 1636, 256, 90, 24576, 90, 96}),
        Arguments.of("rsqrt", 4, 4, "2243fb4e247e835c", new long[] {96, 64, 6, 1, 0, 96, 0, 0}),
        Arguments.of("rsqrt", 13, 13, "f847aab4149400de",
            new long[] {0, 0, 8608, 11584, 4096, 0, 4096, 4378}));
  }

  static LongUnaryOperator function(String f, int sx, int sy) {
    return switch (f) {
      case "sigmoid" -> {
        SigmoidParams p = new SigmoidParams(16, sx, 16, sy);
        yield x -> ClearMath.sigmoid(x, p);
      }
      case "tanh" -> {
        TanhParams p = new TanhParams(16, sx, 16, sy);
        yield x -> ClearMath.tanh(x, p);
      }
      case "exp" -> {
        ExpParams p = new ExpParams(16, sx, 16, sy);
        yield x -> ClearMath.expNeg(x, p);
      }
      case "rsqrt" -> {
        RsqrtParams p = new RsqrtParams(16, sx, 16, sy);
        yield x -> ClearMath.rsqrt(x, p);
      }
      default -> throw new IllegalArgumentException(f);
    };
  }

  @ParameterizedTest(name = "{0} sx={1} sy={2}")
  @MethodSource("golden")
  void hashAndSamplesMatch(String f, int sx, int sy, String hash, long[] samples) {
    LongUnaryOperator fn = function(f, sx, sy);
    long h = 0;
    for (long x = 0; x < 65536; x++) {
      long y = fn.applyAsLong(x);
      if ((y >>> 16) != 0) {
        fail(f + ": output wider than 16 bits for x=" + x);
      }
      h = h * 1000003L + (y & 0xFFFF);
    }
    assertEquals(hash, String.format("%016x", h), f + " sx=" + sx + " sy=" + sy);
    for (int i = 0; i < SAMPLE_X.length; i++) {
      long y = fn.applyAsLong(SAMPLE_X[i]);
      long got = f.equals("sigmoid") ? y & 0xFFFF : (short) y;
      assertEquals(samples[i], got, f + " sx=" + sx + " sy=" + sy + " x=" + (short) SAMPLE_X[i]);
    }
  }
}
