package org.sirnn.clear.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hashes for configurations the 16-bit golden set does not reach: wider inputs and outputs, several exp digits
 * (k = 3, 4, 5, 8), bwOut below and above scaleOut + 2, the Goldschmidt iteration of div (scaleOut &gt;= 19), the
 * second rsqrt iteration (scaleOut &gt;= 15) and div with unsigned numerators and extended quotients. The expected
 * values were produced by the colleague's scratch C twin (/tmp/sci-notes/twin.c, written from the same
 * specification; not SCI code) with a small driver, so they check that this Java twin and that independent C
 * reading of the spec agree bit for bit.
 *
 * <p>Inputs: x_i for i = 0..65535 is i when bwIn &lt;= 16, else (-(37 i)) mod 2^bwIn for odd i and
 * (i * 0x9E3779B97F4A7C15) mod 2^bwIn for even i. Hash h = h * 1000003 + (y mod 2^bwOut) mod 2^64.
 */
class TwinCrossCheckTest {

  static long input(long i, int bw) {
    if (bw <= 16) {
      return i;
    }
    long m = ClearMath.mask(bw);
    return (i & 1) == 1 ? (-(i * 37)) & m : (i * 0x9E3779B97F4A7C15L) & m;
  }

  static Stream<Arguments> functions() {
    return Stream.of(
        Arguments.of("sigmoid", 16, 32, 12, 20, "17eaac506f19025f"),
        Arguments.of("sigmoid", 16, 32, 12, 19, "315d94f4ae348913"),
        Arguments.of("sigmoid", 16, 12, 12, 12, "5ca80f8053961165"),
        Arguments.of("sigmoid", 16, 40, 9, 26, "76e90cc8f7838e97"),
        Arguments.of("sigmoid", 24, 16, 12, 14, "98aba62dfd49134d"),
        Arguments.of("sigmoid", 16, 8, 8, 6, "fe65020cca58fffc"),
        Arguments.of("tanh", 16, 32, 12, 20, "027c3fb7d4ee54cb"),
        Arguments.of("tanh", 16, 24, 12, 12, "d1ee40003976408b"),
        Arguments.of("tanh", 16, 10, 12, 12, "f4d751245fd7e08b"),
        Arguments.of("tanh", 16, 40, 9, 26, "91e219f9228bc7db"),
        Arguments.of("tanh", 20, 16, 12, 12, "6ed73fe46b8cbfa1"),
        Arguments.of("tanh", 16, 16, 1, 5, "f511e4ea93af35cb"),
        Arguments.of("exp", 32, 32, 12, 30, "9d3ec0c60ca13ca6"),
        Arguments.of("exp", 24, 16, 12, 14, "615f51ae5b648a1a"),
        Arguments.of("exp", 20, 16, 12, 12, "db03fccc7aa89ac1"),
        Arguments.of("exp", 40, 20, 20, 16, "04d5f9dcb5fc432a"),
        Arguments.of("exp", 64, 34, 30, 31, "75d85d5767723631"),
        Arguments.of("exp", 16, 16, 0, 4, "71bc0aa96bf82b3b"),
        Arguments.of("rsqrt", 32, 32, 12, 16, "8dc070b35276a19e"),
        Arguments.of("rsqrt", 32, 32, 12, 20, "bcbb6f167b562277"),
        Arguments.of("rsqrt", 40, 40, 16, 28, "a054ed441a18a588"),
        Arguments.of("rsqrt", 32, 16, 20, 12, "d9ac4473de8a56b0"),
        Arguments.of("rsqrt", 16, 16, 15, 14, "3a0143555f1eec40"),
        Arguments.of("rsqrt", 16, 16, 0, 1, "40c4fe0161254b36"),
        Arguments.of("rsqrt", 16, 8, 12, 12, "10add51f34397104"));
  }

  static LongUnaryOperator function(String f, int bwIn, int bwOut, int sIn, int sOut) {
    return switch (f) {
      case "sigmoid" -> {
        SigmoidParams p = new SigmoidParams(bwIn, sIn, bwOut, sOut);
        yield x -> ClearMath.sigmoid(x, p);
      }
      case "tanh" -> {
        TanhParams p = new TanhParams(bwIn, sIn, bwOut, sOut);
        yield x -> ClearMath.tanh(x, p);
      }
      case "exp" -> {
        ExpParams p = new ExpParams(bwIn, sIn, bwOut, sOut);
        yield x -> ClearMath.expNeg(x, p);
      }
      case "rsqrt" -> {
        RsqrtParams p = new RsqrtParams(bwIn, sIn, bwOut, sOut);
        yield x -> ClearMath.rsqrt(x, p);
      }
      default -> throw new IllegalArgumentException(f);
    };
  }

  @ParameterizedTest(name = "{0} bwIn={1} bwOut={2} sIn={3} sOut={4}")
  @MethodSource("functions")
  void functionHashMatchesTwin(String f, int bwIn, int bwOut, int sIn, int sOut, String hash) {
    LongUnaryOperator fn = function(f, bwIn, bwOut, sIn, sOut);
    long m = ClearMath.mask(bwOut);
    long h = 0;
    for (long i = 0; i < 65536; i++) {
      long y = fn.applyAsLong(input(i, bwIn));
      assertEquals(y, y & m, "output has bits above bwOut");
      h = h * 1000003L + y;
    }
    assertEquals(hash, String.format("%016x", h));
  }

  static Stream<Arguments> divisions() {
    return Stream.of(
        Arguments.of(2, 22, 22, 0, 20, 20, true, "baa744b9424e2883"),
        Arguments.of(22, 22, 22, 20, 20, 20, true, "c95694a5448ce7f4"),
        Arguments.of(16, 24, 20, 8, 22, 19, true, "0b6d78affca2f8e1"),
        Arguments.of(16, 24, 20, 8, 22, 19, false, "d87e266d6cdf17e3"),
        Arguments.of(12, 16, 20, 4, 14, 12, true, "0df32076f6d4f7a4"),
        Arguments.of(12, 16, 20, 4, 14, 12, false, "1b9f7edf4ddbaba4"),
        Arguments.of(20, 16, 12, 10, 14, 10, true, "86c1350800817ff5"),
        Arguments.of(8, 20, 30, 2, 18, 18, true, "01bf17ba84e2ceb1"),
        Arguments.of(4, 24, 30, 2, 22, 20, true, "308a628e12512231"),
        Arguments.of(4, 24, 30, 2, 22, 20, false, "2d9a70fcc8ee2c3d"));
  }

  /** nm_i = ((i * 0x9E3779B97F4A7C15) >>> 7) mod 2^bwNm, dn_i = 2^sDn + ((i * 0xD1B54A32D192ED03) >>> 11) mod 2^sDn. */
  @ParameterizedTest(name = "div bwNm={0} bwDn={1} bwOut={2} sNm={3} sDn={4} sOut={5} signed={6}")
  @MethodSource("divisions")
  void divHashMatchesTwin(int bwNm, int bwDn, int bwOut, int sNm, int sDn, int sOut, boolean signed, String hash) {
    long h = 0;
    for (long i = 0; i < 65536; i++) {
      long nm = ((i * 0x9E3779B97F4A7C15L) >>> 7) & ClearMath.mask(bwNm);
      long dn = (1L << sDn) | (((i * 0xD1B54A32D192ED03L) >>> 11) & ClearMath.mask(sDn));
      h = h * 1000003L + ClearMath.div(nm, dn, bwNm, bwDn, bwOut, sNm, sDn, sOut, signed);
    }
    assertEquals(hash, String.format("%016x", h));
  }
}
