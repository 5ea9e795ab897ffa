package org.sirnn.ot.base;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The random oracle of the Naor-Pinkas OT, instantiated with SHA-256 truncated to 128 bits:
 *
 * <pre>
 *   H(i, b, P) = SHA-256( "sirnn-np-ot" || sid || i || b || enc(P) )[0..16)
 * </pre>
 *
 * where {@code sid} is the sender's 16-byte session nonce, {@code i} the OT index as 8 bytes big-endian,
 * {@code b} one byte (0 or 1) and {@code enc(P)} the 33-byte compressed encoding of the normalised point (33 zero
 * bytes for infinity). Every field has a fixed length, so the encoding is injective.
 *
 * <p>The 16 output bytes become one block in the library's convention ({@code org.sirnn.prg}): bytes 0..7 are
 * {@code lo}, bytes 8..15 {@code hi}, each little-endian.
 *
 * <p>One instance per session and thread (it holds a {@link MessageDigest} and a scratch buffer).
 */
final class NpKeyHash {

  static final byte[] LABEL = "sirnn-np-ot".getBytes(StandardCharsets.US_ASCII);
  static final int NONCE_BYTES = 16;

  private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle BE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private static final int INDEX_AT = LABEL.length + NONCE_BYTES;
  private static final int BIT_AT = INDEX_AT + 8;
  private static final int POINT_AT = BIT_AT + 1;
  private static final int INPUT_BYTES = POINT_AT + P256.POINT_BYTES;

  private final MessageDigest sha256;
  private final byte[] input = new byte[INPUT_BYTES];

  NpKeyHash(byte[] nonce) {
    if (nonce.length != NONCE_BYTES) {
      throw new IllegalArgumentException("session nonce must be " + NONCE_BYTES + " bytes, got " + nonce.length);
    }
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    System.arraycopy(LABEL, 0, input, 0, LABEL.length);
    System.arraycopy(nonce, 0, input, LABEL.length, NONCE_BYTES);
  }

  /** Writes H(index, bit, point) as block {@code block} of {@code out}; {@code point} must be normalised. */
  void derive(long index, int bit, ECPoint point, long[] out, int block) {
    BE_LONG.set(input, INDEX_AT, index);
    input[BIT_AT] = (byte) bit;
    P256.encode(point, input, POINT_AT);
    byte[] digest = sha256.digest(input);
    out[2 * block] = (long) LE_LONG.get(digest, 0);
    out[2 * block + 1] = (long) LE_LONG.get(digest, 8);
    java.util.Arrays.fill(digest, (byte) 0);
  }

  /** Clears the scratch buffer (it holds the last shared point). */
  void wipe() {
    java.util.Arrays.fill(input, POINT_AT, INPUT_BYTES, (byte) 0);
  }
}
