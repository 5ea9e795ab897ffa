package org.sirnn.ot.base;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.ProtocolAbortException.Reason;

/**
 * The NIST P-256 group (secp256r1) as the base OT uses it: random scalars, fixed-base multiplication, and the
 * 33-byte compressed point encoding with validation of everything that comes from the peer.
 *
 * <p>The curve comes from BouncyCastle's {@link CustomNamedCurves} (its specialised, much faster P-256 field
 * arithmetic) and falls back to the generic {@link ECNamedCurveTable} entry. P-256 has cofactor 1, so every point
 * on the curve other than infinity is in the prime-order group: an on-curve check is a full membership check.
 *
 * <p>Nothing here is constant-time (BouncyCastle's EC code is not); the base OT is semi-honest and runs once per
 * session on ephemeral secrets.
 *
 * <p>All members are thread-safe: the curve objects are immutable and BouncyCastle synchronises the lazily built
 * comb table of the generator.
 */
final class P256 {

  /** Length of a compressed point: one prefix byte (0x02 / 0x03, the parity of y) and the 32-byte x coordinate. */
  static final int POINT_BYTES = 33;

  static final X9ECParameters PARAMS = params();
  static final ECCurve CURVE = PARAMS.getCurve();
  static final ECPoint G = PARAMS.getG();
  static final BigInteger ORDER = PARAMS.getN();

  private static final int SCALAR_BYTES = 32;
  private static final FixedPointCombMultiplier COMB = new FixedPointCombMultiplier();

  private P256() {}

  private static X9ECParameters params() {
    X9ECParameters p = CustomNamedCurves.getByName("secp256r1");
    if (p == null) {
      p = ECNamedCurveTable.getByName("secp256r1");
    }
    if (p == null) {
      throw new IllegalStateException("BouncyCastle does not know the curve secp256r1");
    }
    return p;
  }

  /** {@code count} independent uniform scalars in [1, ORDER), by rejection sampling of 256-bit strings. */
  static BigInteger[] randomScalars(int count, SecureRandom rnd) {
    BigInteger[] out = new BigInteger[count];
    byte[] pool = new byte[SCALAR_BYTES * count];
    rnd.nextBytes(pool); // one bulk draw; a rejected candidate (probability < 2^-32 for P-256) is redrawn singly
    byte[] one = new byte[SCALAR_BYTES];
    for (int i = 0; i < count; i++) {
      System.arraycopy(pool, i * SCALAR_BYTES, one, 0, SCALAR_BYTES);
      BigInteger k = new BigInteger(1, one);
      while (k.signum() == 0 || k.compareTo(ORDER) >= 0) {
        rnd.nextBytes(one);
        k = new BigInteger(1, one);
      }
      out[i] = k;
    }
    java.util.Arrays.fill(pool, (byte) 0);
    java.util.Arrays.fill(one, (byte) 0);
    return out;
  }

  /** {@code k·G} through the fixed-point comb (the generator's table is built once per JVM); not normalised. */
  static ECPoint mulG(BigInteger k) {
    return COMB.multiply(G, k);
  }

  /**
   * {@code k·base} for a point used as the base of many multiplications: the comb builds a table on {@code base}
   * once (cost of about two multiplications) and every further multiplication is about twice as fast.
   */
  static ECPoint mulFixed(ECPoint base, BigInteger k) {
    return COMB.multiply(base, k);
  }

  /**
   * Writes the 33-byte compressed encoding of a normalised point at {@code dst[off..off+33)}; the point at infinity
   * (which never has a 33-byte encoding of its own) is written as 33 zero bytes.
   */
  static void encode(ECPoint normalized, byte[] dst, int off) {
    if (normalized.isInfinity()) {
      java.util.Arrays.fill(dst, off, off + POINT_BYTES, (byte) 0);
    } else {
      normalized.encodeTo(true, dst, off);
    }
  }

  /**
   * Decodes the compressed point at {@code src[off..off+33)} sent by the peer and checks it: prefix 0x02 or 0x03,
   * x coordinate below the field prime, x a valid abscissa (the decompression square root exists), the point on the
   * curve and not at infinity.
   *
   * @param what names the point in the abort message, e.g. "receiver's point PK0"
   * @param index appended to {@code what} as "[index]" when non-negative
   * @throws ProtocolAbortException ({@link Reason#MALFORMED}) if any check fails
   */
  static ECPoint decode(byte[] src, int off, String what, int index) {
    try {
      return decode(src, off);
    } catch (IllegalArgumentException e) {
      throw new ProtocolAbortException(Reason.MALFORMED, "base OT: " + what + (index >= 0 ? "[" + index + "]" : "")
          + " " + e.getMessage(), e);
    }
  }

  /** The checks of {@link #decode(byte[], int, String, int)}, failing with an IllegalArgumentException. */
  private static ECPoint decode(byte[] src, int off) {
    int prefix = src[off] & 0xff;
    if (prefix != 0x02 && prefix != 0x03) {
      throw new IllegalArgumentException("is not a compressed P-256 point (prefix byte 0x" + Integer.toHexString(prefix)
          + ", expected 0x02 or 0x03)");
    }
    byte[] enc = java.util.Arrays.copyOfRange(src, off, off + POINT_BYTES);
    ECPoint p;
    try {
      // BouncyCastle rejects x >= p, a non-residue x^3 - 3x + b and, after decompression, any invalid point
      p = CURVE.decodePoint(enc);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("is not a valid P-256 point (" + e.getMessage() + ")", e);
    }
    if (p.isInfinity()) {
      throw new IllegalArgumentException("is the point at infinity");
    }
    if (!p.isValid()) { // already checked by decodePoint (and cached there); kept as a guard
      throw new IllegalArgumentException("is not on P-256");
    }
    return p;
  }
}
