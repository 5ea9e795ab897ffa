package org.sirnn.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Exact, dense bit packing of ring vectors, bit vectors and 128-bit blocks for the wire.
 *
 * <p><b>l-bit vectors.</b> A vector of {@code n} values of {@code l} bits ({@code l} in 1..64) is
 * packed into exactly {@code ceil(n*l/8)} bytes (see {@link #packedBytes(long, int)}). The bit
 * order is little-endian: value {@code i} occupies bits {@code [i*l, (i+1)*l)} of a little-endian
 * bit stream, where bit {@code k} of the stream is bit {@code k % 8} of byte {@code k / 8}, and
 * the least significant bit of each value comes first. Trailing pad bits of the last byte are
 * zero. Packing masks every value to its low {@code l} bits, so callers may pass unreduced values.
 * Unpacking returns reduced values (upper bits zero) and ignores pad bits.
 *
 * <p><b>Chunking property.</b> When {@code n} is a multiple of 8, {@code n*l} is a multiple of 8
 * and the packing is exactly {@code n*l/8} bytes with no pad bits; hence the concatenation of the
 * packings of consecutive chunks of {@code 8k} values (the last chunk may be of any size) is
 * byte-for-byte equal to the packing of the whole vector.
 *
 * <p><b>Bit vectors.</b> A bit vector of {@code nbits} bits is stored in a {@code long[]} with bit
 * {@code i} at bit {@code i % 64} of word {@code i / 64}; its wire form is the same little-endian
 * bit stream, {@code ceil(nbits/8)} bytes with zero pad bits (this equals {@code l = 1} packing of
 * the individual bits).
 *
 * <p><b>128-bit blocks.</b> Block {@code i} is stored as two longs, low half at index {@code 2i},
 * high half at {@code 2i+1}; on the wire each block is 16 bytes, little-endian, low half first.
 *
 * <p>All methods are static and thread-safe; they validate arguments and throw {@link
 * IllegalArgumentException} (bad bitwidth, negative count, size overflow), {@link
 * IndexOutOfBoundsException} (ranges outside the arrays) or {@link NullPointerException}. Hot loops
 * work on primitive arrays with 8-byte little-endian loads and stores and allocate nothing
 * besides the returned arrays.
 */
public final class BitPacking {

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT_LE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  private BitPacking() {}

  // ---------------------------------------------------------------------------------------------
  // Sizes
  // ---------------------------------------------------------------------------------------------

  /**
   * Returns the exact number of bytes of the packing of {@code n} values of {@code l} bits, i.e.
   * {@code ceil(n*l/8)}.
   *
   * @param n number of values, {@code >= 0}
   * @param l bitwidth in 1..64
   * @return {@code ceil(n*l/8)}
   * @throws IllegalArgumentException if {@code l} is not in 1..64, {@code n < 0}, or the result
   *     exceeds {@link Integer#MAX_VALUE}
   */
  public static int packedBytes(long n, int l) {
    Ring.checkBitwidth(l);
    if (n < 0) {
      throw new IllegalArgumentException("number of values must be >= 0, got " + n);
    }
    if (n > (Long.MAX_VALUE - 7) / l) {
      throw new IllegalArgumentException(
          "packing " + n + " values of " + l + " bits exceeds Integer.MAX_VALUE bytes");
    }
    long bytes = (n * l + 7) >>> 3;
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "packing " + n + " values of " + l + " bits needs " + bytes
              + " bytes, exceeding Integer.MAX_VALUE");
    }
    return (int) bytes;
  }

  /**
   * Returns the number of bytes of the wire form of a bit vector of {@code nbits} bits, i.e.
   * {@code ceil(nbits/8)}.
   *
   * @param nbits number of bits, {@code >= 0}
   * @return {@code ceil(nbits/8)}
   * @throws IllegalArgumentException if {@code nbits < 0} or the result exceeds {@link
   *     Integer#MAX_VALUE}
   */
  public static int bitsBytes(long nbits) {
    return packedBytes(nbits, 1);
  }

  /**
   * Returns the number of {@code long} words holding a bit vector of {@code nbits} bits, i.e.
   * {@code ceil(nbits/64)}.
   *
   * @param nbits number of bits, {@code >= 0}
   * @return {@code ceil(nbits/64)}
   * @throws IllegalArgumentException if {@code nbits < 0} or the wire form of the bit vector would
   *     exceed {@link Integer#MAX_VALUE} bytes
   */
  public static int bitsWords(long nbits) {
    packedBytes(nbits, 1);
    return (int) ((nbits + 63) >>> 6);
  }

  /**
   * Returns the number of bytes of the wire form of {@code nBlocks} 128-bit blocks, i.e. {@code
   * 16*nBlocks}.
   *
   * @param nBlocks number of blocks, {@code >= 0}
   * @return {@code 16*nBlocks}
   * @throws IllegalArgumentException if {@code nBlocks < 0} or the result exceeds {@link
   *     Integer#MAX_VALUE}
   */
  public static int blockBytes(long nBlocks) {
    if (nBlocks < 0) {
      throw new IllegalArgumentException("number of blocks must be >= 0, got " + nBlocks);
    }
    if (nBlocks > Integer.MAX_VALUE / 16) {
      throw new IllegalArgumentException(
          nBlocks + " blocks of 16 bytes exceed Integer.MAX_VALUE bytes");
    }
    return (int) (nBlocks * 16);
  }

  // ---------------------------------------------------------------------------------------------
  // l-bit packing
  // ---------------------------------------------------------------------------------------------

  /**
   * Packs {@code n} values {@code src[srcOff .. srcOff+n)} of {@code l} bits each into exactly
   * {@link #packedBytes(long, int) packedBytes(n, l)} bytes written at {@code dst[dstOff ..]} (see
   * the class comment for the bit order). Each value is masked to its low {@code l} bits; pad bits
   * of the last byte are written as zero. No byte outside that range is touched.
   *
   * @param src source values (bits above {@code l} are ignored)
   * @param srcOff index of the first value
   * @param n number of values, {@code >= 0}
   * @param l bitwidth in 1..64
   * @param dst destination buffer
   * @param dstOff index of the first destination byte
   * @throws IllegalArgumentException if {@code l} is not in 1..64, {@code n < 0} or the size
   *     overflows
   * @throws IndexOutOfBoundsException if a range lies outside its array
   */
  public static void pack(long[] src, int srcOff, int n, int l, byte[] dst, int dstOff) {
    int nbytes = packedBytes(n, l);
    Objects.checkFromIndexSize(srcOff, n, src.length);
    Objects.checkFromIndexSize(dstOff, nbytes, dst.length);
    switch (l) {
      case 1:
        pack1(src, srcOff, n, dst, dstOff);
        break;
      case 8:
        for (int i = 0; i < n; i++) {
          dst[dstOff + i] = (byte) src[srcOff + i];
        }
        break;
      case 16:
        for (int i = 0; i < n; i++) {
          SHORT_LE.set(dst, dstOff + 2 * i, (short) src[srcOff + i]);
        }
        break;
      case 32:
        for (int i = 0; i < n; i++) {
          INT_LE.set(dst, dstOff + 4 * i, (int) src[srcOff + i]);
        }
        break;
      case 64:
        for (int i = 0; i < n; i++) {
          LONG_LE.set(dst, dstOff + 8 * i, src[srcOff + i]);
        }
        break;
      default:
        packGeneric(src, srcOff, n, l, dst, dstOff, nbytes);
        break;
    }
  }

  /**
   * Packs {@code n} values {@code src[srcOff .. srcOff+n)} of {@code l} bits each into a new array
   * of exactly {@code ceil(n*l/8)} bytes; same semantics as {@link #pack(long[], int, int, int,
   * byte[], int)}.
   *
   * @param src source values (bits above {@code l} are ignored)
   * @param srcOff index of the first value
   * @param n number of values, {@code >= 0}
   * @param l bitwidth in 1..64
   * @return the packed bytes
   * @throws IllegalArgumentException if {@code l} is not in 1..64, {@code n < 0} or the size
   *     overflows
   * @throws IndexOutOfBoundsException if the source range lies outside {@code src}
   */
  public static byte[] pack(long[] src, int srcOff, int n, int l) {
    int nbytes = packedBytes(n, l);
    Objects.checkFromIndexSize(srcOff, n, src.length);
    byte[] dst = new byte[nbytes];
    pack(src, srcOff, n, l, dst, 0);
    return dst;
  }

  /**
   * Unpacks {@code n} values of {@code l} bits each from the {@code ceil(n*l/8)} bytes at {@code
   * src[srcOff ..]} into {@code dst[dstOff .. dstOff+n)} (inverse of {@link #pack(long[], int, int,
   * int, byte[], int)}). The values written are reduced (bits above {@code l} zero); pad bits of
   * the last byte are ignored. No byte beyond the packed range is read.
   *
   * @param src packed bytes
   * @param srcOff index of the first packed byte
   * @param n number of values, {@code >= 0}
   * @param l bitwidth in 1..64
   * @param dst destination values
   * @param dstOff index of the first destination value
   * @throws IllegalArgumentException if {@code l} is not in 1..64, {@code n < 0} or the size
   *     overflows
   * @throws IndexOutOfBoundsException if a range lies outside its array
   */
  public static void unpack(byte[] src, int srcOff, int n, int l, long[] dst, int dstOff) {
    int nbytes = packedBytes(n, l);
    Objects.checkFromIndexSize(srcOff, nbytes, src.length);
    Objects.checkFromIndexSize(dstOff, n, dst.length);
    switch (l) {
      case 1:
        unpack1(src, srcOff, n, dst, dstOff);
        break;
      case 8:
        for (int i = 0; i < n; i++) {
          dst[dstOff + i] = src[srcOff + i] & 0xFFL;
        }
        break;
      case 16:
        for (int i = 0; i < n; i++) {
          dst[dstOff + i] = ((short) SHORT_LE.get(src, srcOff + 2 * i)) & 0xFFFFL;
        }
        break;
      case 32:
        for (int i = 0; i < n; i++) {
          dst[dstOff + i] = ((int) INT_LE.get(src, srcOff + 4 * i)) & 0xFFFF_FFFFL;
        }
        break;
      case 64:
        for (int i = 0; i < n; i++) {
          dst[dstOff + i] = (long) LONG_LE.get(src, srcOff + 8 * i);
        }
        break;
      default:
        unpackGeneric(src, srcOff, n, l, dst, dstOff, nbytes);
        break;
    }
  }

  /**
   * Unpacks {@code n} values of {@code l} bits each from the {@code ceil(n*l/8)} bytes at {@code
   * src[srcOff ..]} into a new array; same semantics as {@link #unpack(byte[], int, int, int,
   * long[], int)}.
   *
   * @param src packed bytes
   * @param srcOff index of the first packed byte
   * @param n number of values, {@code >= 0}
   * @param l bitwidth in 1..64
   * @return a new array of {@code n} reduced values
   * @throws IllegalArgumentException if {@code l} is not in 1..64, {@code n < 0} or the size
   *     overflows
   * @throws IndexOutOfBoundsException if the packed range lies outside {@code src}
   */
  public static long[] unpack(byte[] src, int srcOff, int n, int l) {
    int nbytes = packedBytes(n, l);
    Objects.checkFromIndexSize(srcOff, nbytes, src.length);
    long[] dst = new long[n];
    unpack(src, srcOff, n, l, dst, 0);
    return dst;
  }

  /** Generic packing with a 64-bit accumulator; the stream starts byte-aligned at dstOff. */
  private static void packGeneric(
      long[] src, int srcOff, int n, int l, byte[] dst, int dstOff, int nbytes) {
    final long m = -1L >>> (64 - l);
    // Phase 1 (branch-free): every value stores the current accumulator word at p; p advances by
    // 8 once the word is full. Valid while the word at p lies completely inside the output, i.e.
    // for value i while 8*floor(i*l/64) + 8 <= nbytes.
    final long fullWords = nbytes >>> 3;
    // values i with floor(i*l/64) < fullWords  <=>  i*l < 64*fullWords
    final int nFast = (int) Math.min(n, (64 * fullWords + l - 1) / l);
    long acc = 0;
    int fill = 0;
    int p = dstOff;
    int i = 0;
    for (; i < nFast; i++) {
      final long v = src[srcOff + i] & m;
      acc |= v << fill;
      LONG_LE.set(dst, p, acc);
      final long carry = (v >>> (63 - fill)) >>> 1;
      fill += l;
      final long full = -(long) (fill >>> 6);
      acc = (carry & full) | (acc & ~full);
      p += (int) (full & 8);
      fill &= 63;
    }
    // Phase 2: the remaining (< 64 bits' worth of) values, branchy accumulator.
    for (; i < n; i++) {
      final long v = src[srcOff + i] & m;
      acc |= v << fill;
      final long carry = (v >>> (63 - fill)) >>> 1;
      fill += l;
      if (fill >= 64) {
        LONG_LE.set(dst, p, acc);
        p += 8;
        acc = carry;
        fill -= 64;
      }
    }
    writeTail(dst, p, acc, (fill + 7) >>> 3);
  }

  /** Writes the low {@code nb} (0..8) bytes of {@code w} little-endian at {@code dst[p..]}. */
  private static void writeTail(byte[] dst, int p, long w, int nb) {
    for (int k = 0; k < nb; k++) {
      dst[p + k] = (byte) (w >>> (8 * k));
    }
  }

  /** Reads {@code nb} (0..8) bytes little-endian from {@code src[p..]} into a long. */
  private static long readTail(byte[] src, int p, int nb) {
    long w = 0;
    for (int k = 0; k < nb; k++) {
      w |= (src[p + k] & 0xFFL) << (8 * k);
    }
    return w;
  }

  private static void pack1(long[] src, int srcOff, int n, byte[] dst, int dstOff) {
    final int groups = n >>> 6;
    int s = srcOff;
    int p = dstOff;
    for (int g = 0; g < groups; g++, s += 64, p += 8) {
      long w = 0;
      for (int j = 0; j < 64; j++) {
        w |= (src[s + j] & 1L) << j;
      }
      LONG_LE.set(dst, p, w);
    }
    final int rest = n & 63;
    long w = 0;
    for (int j = 0; j < rest; j++) {
      w |= (src[s + j] & 1L) << j;
    }
    writeTail(dst, p, w, (rest + 7) >>> 3);
  }

  private static void unpack1(byte[] src, int srcOff, int n, long[] dst, int dstOff) {
    final int groups = n >>> 6;
    int d = dstOff;
    int p = srcOff;
    for (int g = 0; g < groups; g++, d += 64, p += 8) {
      final long w = (long) LONG_LE.get(src, p);
      for (int j = 0; j < 64; j++) {
        dst[d + j] = (w >>> j) & 1L;
      }
    }
    final int rest = n & 63;
    final long w = readTail(src, p, (rest + 7) >>> 3);
    for (int j = 0; j < rest; j++) {
      dst[d + j] = (w >>> j) & 1L;
    }
  }

  /**
   * Generic unpacking: value i is read with one unaligned 8-byte load at byte floor(i*l/8) (plus
   * one extra byte when l > 56), as long as those bytes lie inside the packed range; the last few
   * values are assembled byte by byte.
   */
  private static void unpackGeneric(
      byte[] src, int srcOff, int n, int l, long[] dst, int dstOff, int nbytes) {
    final long m = -1L >>> (64 - l);
    final int end = srcOff + nbytes;
    int i = 0;
    long bitpos = 0;
    if (l <= 56) {
      // need floor(i*l/8) + 8 <= nbytes  <=>  i*l < 8*nbytes - 56
      final long lim = 8L * nbytes - 56;
      final int nFast = lim <= 0 ? 0 : (int) Math.min(n, (lim + l - 1) / l);
      for (; i < nFast; i++, bitpos += l) {
        final long w = (long) LONG_LE.get(src, srcOff + (int) (bitpos >>> 3));
        dst[dstOff + i] = (w >>> (bitpos & 7)) & m;
      }
    } else {
      // need floor(i*l/8) + 9 <= nbytes  <=>  i*l < 8*nbytes - 64
      final long lim = 8L * nbytes - 64;
      final int nFast = lim <= 0 ? 0 : (int) Math.min(n, (lim + l - 1) / l);
      for (; i < nFast; i++, bitpos += l) {
        final int b = srcOff + (int) (bitpos >>> 3);
        final int sh = (int) (bitpos & 7);
        final long lo = (long) LONG_LE.get(src, b);
        final long hi = src[b + 8] & 0xFFL;
        dst[dstOff + i] = ((lo >>> sh) | ((hi << 1) << (63 - sh))) & m;
      }
    }
    for (; i < n; i++, bitpos += l) {
      final int b = srcOff + (int) (bitpos >>> 3);
      final int sh = (int) (bitpos & 7);
      final long lo = readTail(src, b, Math.min(8, end - b));
      final long hi = b + 8 < end ? src[b + 8] & 0xFFL : 0L;
      dst[dstOff + i] = ((lo >>> sh) | ((hi << 1) << (63 - sh))) & m;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Bit vectors
  // ---------------------------------------------------------------------------------------------

  /**
   * Packs the bit vector of {@code nbits} bits held in {@code words} (bit {@code i} = bit {@code
   * i % 64} of {@code words[i / 64]}) into a new array of exactly {@code ceil(nbits/8)} bytes (bit
   * {@code i} = bit {@code i % 8} of byte {@code i / 8}). Bits of {@code words} at positions
   * {@code >= nbits} are ignored; pad bits of the last byte are zero.
   *
   * @param words the bit vector; must hold at least {@code ceil(nbits/64)} words
   * @param nbits number of bits, {@code >= 0}
   * @return the packed bytes
   * @throws IllegalArgumentException if {@code nbits < 0} or the size overflows
   * @throws IndexOutOfBoundsException if {@code words} is too short
   */
  public static byte[] packBits(long[] words, long nbits) {
    byte[] dst = new byte[bitsBytes(nbits)];
    packBits(words, nbits, dst, 0);
    return dst;
  }

  /**
   * Packs the bit vector of {@code nbits} bits held in {@code words} into exactly {@code
   * ceil(nbits/8)} bytes at {@code dst[dstOff ..]}; same semantics as {@link #packBits(long[],
   * long)}. No byte outside that range is touched.
   *
   * @param words the bit vector; must hold at least {@code ceil(nbits/64)} words
   * @param nbits number of bits, {@code >= 0}
   * @param dst destination buffer
   * @param dstOff index of the first destination byte
   * @throws IllegalArgumentException if {@code nbits < 0} or the size overflows
   * @throws IndexOutOfBoundsException if a range lies outside its array
   */
  public static void packBits(long[] words, long nbits, byte[] dst, int dstOff) {
    final int nbytes = bitsBytes(nbits);
    final int nwords = (int) ((nbits + 63) >>> 6);
    Objects.checkFromIndexSize(0, nwords, words.length);
    Objects.checkFromIndexSize(dstOff, nbytes, dst.length);
    final int full = (int) (nbits >>> 6);
    for (int i = 0; i < full; i++) {
      LONG_LE.set(dst, dstOff + 8 * i, words[i]);
    }
    final int rest = (int) (nbits & 63);
    if (rest != 0) {
      writeTail(dst, dstOff + 8 * full, words[full] & (-1L >>> (64 - rest)), (rest + 7) >>> 3);
    }
  }

  /**
   * Unpacks a bit vector of {@code nbits} bits from the {@code ceil(nbits/8)} bytes at {@code
   * src[srcOff ..]} into {@code dstWords[0 .. ceil(nbits/64))} (inverse of {@link
   * #packBits(long[], long)}). Bits of the last written word at positions {@code >= nbits} are
   * set to zero (pad bits of the input are ignored); words beyond are not touched.
   *
   * @param src packed bytes
   * @param srcOff index of the first packed byte
   * @param nbits number of bits, {@code >= 0}
   * @param dstWords destination; must hold at least {@code ceil(nbits/64)} words
   * @throws IllegalArgumentException if {@code nbits < 0} or the size overflows
   * @throws IndexOutOfBoundsException if a range lies outside its array
   */
  public static void unpackBits(byte[] src, int srcOff, long nbits, long[] dstWords) {
    final int nbytes = bitsBytes(nbits);
    final int nwords = (int) ((nbits + 63) >>> 6);
    Objects.checkFromIndexSize(srcOff, nbytes, src.length);
    Objects.checkFromIndexSize(0, nwords, dstWords.length);
    final int full = (int) (nbits >>> 6);
    for (int i = 0; i < full; i++) {
      dstWords[i] = (long) LONG_LE.get(src, srcOff + 8 * i);
    }
    final int rest = (int) (nbits & 63);
    if (rest != 0) {
      dstWords[full] = readTail(src, srcOff + 8 * full, (rest + 7) >>> 3) & (-1L >>> (64 - rest));
    }
  }

  /**
   * Unpacks a bit vector of {@code nbits} bits from the {@code ceil(nbits/8)} bytes at {@code
   * src[srcOff ..]} into a new array of {@code ceil(nbits/64)} words; same semantics as {@link
   * #unpackBits(byte[], int, long, long[])}.
   *
   * @param src packed bytes
   * @param srcOff index of the first packed byte
   * @param nbits number of bits, {@code >= 0}
   * @return the bit vector as words, bits at positions {@code >= nbits} zero
   * @throws IllegalArgumentException if {@code nbits < 0} or the size overflows
   * @throws IndexOutOfBoundsException if the packed range lies outside {@code src}
   */
  public static long[] unpackBits(byte[] src, int srcOff, long nbits) {
    long[] words = new long[bitsWords(nbits)];
    unpackBits(src, srcOff, nbits, words);
    return words;
  }

  // ---------------------------------------------------------------------------------------------
  // 128-bit blocks
  // ---------------------------------------------------------------------------------------------

  /**
   * Packs {@code nBlocks} 128-bit blocks starting at block {@code blockOff} (block {@code i} = low
   * half {@code blocks[2i]}, high half {@code blocks[2i+1]}) into a new array of {@code
   * 16*nBlocks} bytes: each block little-endian, low half first.
   *
   * @param blocks the blocks as pairs of longs
   * @param blockOff index of the first block (long index {@code 2*blockOff})
   * @param nBlocks number of blocks, {@code >= 0}
   * @return the packed bytes
   * @throws IllegalArgumentException if {@code nBlocks < 0} or the size overflows
   * @throws IndexOutOfBoundsException if the block range lies outside {@code blocks}
   */
  public static byte[] packBlocks(long[] blocks, int blockOff, int nBlocks) {
    byte[] dst = new byte[blockBytes(nBlocks)];
    packBlocks(blocks, blockOff, nBlocks, dst, 0);
    return dst;
  }

  /**
   * Packs {@code nBlocks} 128-bit blocks starting at block {@code blockOff} into the {@code
   * 16*nBlocks} bytes at {@code dst[dstOff ..]}; same layout as {@link #packBlocks(long[], int,
   * int)}.
   *
   * @param blocks the blocks as pairs of longs
   * @param blockOff index of the first block (long index {@code 2*blockOff})
   * @param nBlocks number of blocks, {@code >= 0}
   * @param dst destination buffer
   * @param dstOff index of the first destination byte
   * @throws IllegalArgumentException if {@code nBlocks < 0} or the size overflows
   * @throws IndexOutOfBoundsException if a range lies outside its array
   */
  public static void packBlocks(long[] blocks, int blockOff, int nBlocks, byte[] dst, int dstOff) {
    final int nbytes = blockBytes(nBlocks);
    final int nlongs = 2 * nBlocks;
    final long first = 2L * blockOff;
    if (blockOff < 0 || first + nlongs > blocks.length) {
      throw new IndexOutOfBoundsException(
          "blocks [" + blockOff + ", " + blockOff + " + " + nBlocks + ") out of bounds for "
              + (blocks.length / 2) + " blocks");
    }
    Objects.checkFromIndexSize(dstOff, nbytes, dst.length);
    final int s = (int) first;
    for (int i = 0; i < nlongs; i++) {
      LONG_LE.set(dst, dstOff + 8 * i, blocks[s + i]);
    }
  }

  /**
   * Unpacks {@code nBlocks} 128-bit blocks from the {@code 16*nBlocks} bytes at {@code
   * src[srcOff ..]} into {@code dst} starting at block {@code dstBlockOff} (long index {@code
   * 2*dstBlockOff}); inverse of {@link #packBlocks(long[], int, int)}.
   *
   * @param src packed bytes
   * @param srcOff index of the first packed byte
   * @param nBlocks number of blocks, {@code >= 0}
   * @param dst destination blocks as pairs of longs
   * @param dstBlockOff index of the first destination block
   * @throws IllegalArgumentException if {@code nBlocks < 0} or the size overflows
   * @throws IndexOutOfBoundsException if a range lies outside its array
   */
  public static void unpackBlocks(byte[] src, int srcOff, int nBlocks, long[] dst, int dstBlockOff) {
    final int nbytes = blockBytes(nBlocks);
    final int nlongs = 2 * nBlocks;
    final long first = 2L * dstBlockOff;
    if (dstBlockOff < 0 || first + nlongs > dst.length) {
      throw new IndexOutOfBoundsException(
          "blocks [" + dstBlockOff + ", " + dstBlockOff + " + " + nBlocks
              + ") out of bounds for " + (dst.length / 2) + " blocks");
    }
    Objects.checkFromIndexSize(srcOff, nbytes, src.length);
    final int d = (int) first;
    for (int i = 0; i < nlongs; i++) {
      dst[d + i] = (long) LONG_LE.get(src, srcOff + 8 * i);
    }
  }
}
