package org.sirnn.ring;

/**
 * Arithmetic in the ring Z_(2^l) for every bitwidth l in 1..64, on {@code long} values and
 * {@code long[]} vectors.
 *
 * <p><b>Representation.</b> A ring element is stored <em>reduced</em>: its low {@code l} bits
 * hold the value and all bits above bit {@code l-1} are zero (the "unsigned view", a value in
 * {@code [0, 2^l)}). For {@code l = 64} every {@code long} is reduced and the unsigned view is the
 * Java bit pattern itself. The two's complement ("signed") view of a reduced value is obtained
 * with {@link #signed(long, int)}; it lies in {@code [-2^(l-1), 2^(l-1))}.
 *
 * <p><b>Inputs.</b> All arithmetic operations ({@code add}, {@code sub}, {@code mul}, {@code
 * neg}, ...) accept operands that are <em>not</em> reduced (any {@code long}; the bits above
 * {@code l} are simply ignored, i.e. an operand {@code x} stands for {@code x mod 2^l}) and always
 * return reduced results. This is sound because the low {@code l} bits of a sum, difference or
 * product of 64-bit two's complement integers depend only on the low {@code l} bits of the
 * operands.
 *
 * <p><b>Validation.</b> Every method taking a bitwidth validates it with {@link
 * #checkBitwidth(int)} and throws {@link IllegalArgumentException} when it is outside 1..64.
 * Array methods throw {@link NullPointerException} for null arrays and {@link
 * IllegalArgumentException} for mismatched lengths; outputs may alias inputs.
 *
 * <p>All methods are static, allocation-free (except {@link #signedView(long[], int)}) and
 * thread-safe.
 */
public final class Ring {

  /** Smallest supported bitwidth. */
  public static final int MIN_BITWIDTH = 1;

  /** Largest supported bitwidth. */
  public static final int MAX_BITWIDTH = 64;

  private Ring() {}

  // ---------------------------------------------------------------------------------------------
  // Bitwidth helpers
  // ---------------------------------------------------------------------------------------------

  /**
   * Checks that {@code l} is a supported ring bitwidth.
   *
   * @param l the bitwidth to check
   * @throws IllegalArgumentException if {@code l} is not in {@code 1..64}; the message names the
   *     allowed range and the offending value
   */
  public static void checkBitwidth(int l) {
    if (l < MIN_BITWIDTH || l > MAX_BITWIDTH) {
      throw new IllegalArgumentException(
          "ring bitwidth l must be in " + MIN_BITWIDTH + ".." + MAX_BITWIDTH + ", got " + l);
    }
  }

  /**
   * Returns the mask of the low {@code l} bits, i.e. {@code 2^l - 1} as an unsigned 64-bit
   * pattern ({@code -1L} for {@code l = 64}).
   *
   * @param l bitwidth in 1..64
   * @return {@code 2^l - 1} (unsigned view)
   * @throws IllegalArgumentException if {@code l} is not in 1..64
   */
  public static long mask(int l) {
    checkBitwidth(l);
    return -1L >>> (64 - l);
  }

  /**
   * Reduces {@code x} modulo {@code 2^l}: keeps the low {@code l} bits and clears the rest.
   *
   * @param x any value (interpreted modulo 2^l)
   * @param l bitwidth in 1..64
   * @return {@code x mod 2^l} in {@code [0, 2^l)} (unsigned view)
   * @throws IllegalArgumentException if {@code l} is not in 1..64
   */
  public static long reduce(long x, int l) {
    return x & mask(l);
  }

  /**
   * Returns the two's complement (signed) view of the l-bit value {@code x}: bit {@code l-1} is
   * treated as the sign bit and sign-extended to all 64 bits. Bits of {@code x} above {@code l-1}
   * are ignored. For {@code l = 64} the result is {@code x}.
   *
   * @param x an l-bit value (bits above l are ignored)
   * @param l bitwidth in 1..64
   * @return the unique {@code s} in {@code [-2^(l-1), 2^(l-1))} with {@code s == x mod 2^l}
   * @throws IllegalArgumentException if {@code l} is not in 1..64
   */
  public static long signed(long x, int l) {
    checkBitwidth(l);
    int s = 64 - l;
    return (x << s) >> s;
  }

  /**
   * Returns the most significant bit (bit {@code l-1}) of the l-bit value {@code x}, i.e. whether
   * its signed view is negative.
   *
   * @param x an l-bit value (bits above l are ignored)
   * @param l bitwidth in 1..64
   * @return {@code true} iff bit {@code l-1} of {@code x} is set
   * @throws IllegalArgumentException if {@code l} is not in 1..64
   */
  public static boolean msb(long x, int l) {
    checkBitwidth(l);
    return ((x >>> (l - 1)) & 1L) != 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Scalar arithmetic
  // ---------------------------------------------------------------------------------------------

  /**
   * Ring addition.
   *
   * @param a first operand (interpreted modulo 2^l)
   * @param b second operand (interpreted modulo 2^l)
   * @param l bitwidth in 1..64
   * @return {@code (a + b) mod 2^l}, reduced
   * @throws IllegalArgumentException if {@code l} is not in 1..64
   */
  public static long add(long a, long b, int l) {
    return (a + b) & mask(l);
  }

  /**
   * Ring subtraction.
   *
   * @param a minuend (interpreted modulo 2^l)
   * @param b subtrahend (interpreted modulo 2^l)
   * @param l bitwidth in 1..64
   * @return {@code (a - b) mod 2^l}, reduced
   * @throws IllegalArgumentException if {@code l} is not in 1..64
   */
  public static long sub(long a, long b, int l) {
    return (a - b) & mask(l);
  }

  /**
   * Ring multiplication.
   *
   * @param a first factor (interpreted modulo 2^l)
   * @param b second factor (interpreted modulo 2^l)
   * @param l bitwidth in 1..64
   * @return {@code (a * b) mod 2^l}, reduced
   * @throws IllegalArgumentException if {@code l} is not in 1..64
   */
  public static long mul(long a, long b, int l) {
    return (a * b) & mask(l);
  }

  /**
   * Ring negation (additive inverse).
   *
   * @param a operand (interpreted modulo 2^l)
   * @param l bitwidth in 1..64
   * @return {@code (-a) mod 2^l}, reduced
   * @throws IllegalArgumentException if {@code l} is not in 1..64
   */
  public static long neg(long a, int l) {
    return (-a) & mask(l);
  }

  // ---------------------------------------------------------------------------------------------
  // Vector arithmetic
  // ---------------------------------------------------------------------------------------------

  /**
   * Element-wise ring addition: {@code out[i] = (a[i] + b[i]) mod 2^l} for every index of
   * {@code a}. {@code out} may alias {@code a} or {@code b}.
   *
   * @param a first operand vector
   * @param b second operand vector, same length as {@code a}
   * @param out destination, same length as {@code a}
   * @param l bitwidth in 1..64
   * @throws IllegalArgumentException if {@code l} is not in 1..64 or the lengths differ
   */
  public static void add(long[] a, long[] b, long[] out, int l) {
    final long m = mask(l);
    final int n = a.length;
    checkSameLength(n, b.length, "b");
    checkSameLength(n, out.length, "out");
    for (int i = 0; i < n; i++) {
      out[i] = (a[i] + b[i]) & m;
    }
  }

  /**
   * Element-wise ring subtraction: {@code out[i] = (a[i] - b[i]) mod 2^l} for every index of
   * {@code a}. {@code out} may alias {@code a} or {@code b}.
   *
   * @param a minuend vector
   * @param b subtrahend vector, same length as {@code a}
   * @param out destination, same length as {@code a}
   * @param l bitwidth in 1..64
   * @throws IllegalArgumentException if {@code l} is not in 1..64 or the lengths differ
   */
  public static void sub(long[] a, long[] b, long[] out, int l) {
    final long m = mask(l);
    final int n = a.length;
    checkSameLength(n, b.length, "b");
    checkSameLength(n, out.length, "out");
    for (int i = 0; i < n; i++) {
      out[i] = (a[i] - b[i]) & m;
    }
  }

  /**
   * Element-wise ring multiplication: {@code out[i] = (a[i] * b[i]) mod 2^l} for every index of
   * {@code a}. {@code out} may alias {@code a} or {@code b}.
   *
   * @param a first factor vector
   * @param b second factor vector, same length as {@code a}
   * @param out destination, same length as {@code a}
   * @param l bitwidth in 1..64
   * @throws IllegalArgumentException if {@code l} is not in 1..64 or the lengths differ
   */
  public static void mul(long[] a, long[] b, long[] out, int l) {
    final long m = mask(l);
    final int n = a.length;
    checkSameLength(n, b.length, "b");
    checkSameLength(n, out.length, "out");
    for (int i = 0; i < n; i++) {
      out[i] = (a[i] * b[i]) & m;
    }
  }

  /**
   * Element-wise ring negation: {@code out[i] = (-a[i]) mod 2^l} for every index of {@code a}.
   * {@code out} may alias {@code a}.
   *
   * @param a operand vector
   * @param out destination, same length as {@code a}
   * @param l bitwidth in 1..64
   * @throws IllegalArgumentException if {@code l} is not in 1..64 or the lengths differ
   */
  public static void neg(long[] a, long[] out, int l) {
    final long m = mask(l);
    final int n = a.length;
    checkSameLength(n, out.length, "out");
    for (int i = 0; i < n; i++) {
      out[i] = (-a[i]) & m;
    }
  }

  /**
   * Element-wise addition of a constant: {@code out[i] = (a[i] + c) mod 2^l}. {@code out} may
   * alias {@code a}.
   *
   * @param a operand vector
   * @param c constant (interpreted modulo 2^l)
   * @param out destination, same length as {@code a}
   * @param l bitwidth in 1..64
   * @throws IllegalArgumentException if {@code l} is not in 1..64 or the lengths differ
   */
  public static void addConst(long[] a, long c, long[] out, int l) {
    final long m = mask(l);
    final int n = a.length;
    checkSameLength(n, out.length, "out");
    for (int i = 0; i < n; i++) {
      out[i] = (a[i] + c) & m;
    }
  }

  /**
   * Element-wise multiplication by a constant: {@code out[i] = (a[i] * c) mod 2^l}. {@code out}
   * may alias {@code a}.
   *
   * @param a operand vector
   * @param c constant (interpreted modulo 2^l)
   * @param out destination, same length as {@code a}
   * @param l bitwidth in 1..64
   * @throws IllegalArgumentException if {@code l} is not in 1..64 or the lengths differ
   */
  public static void mulConst(long[] a, long c, long[] out, int l) {
    final long m = mask(l);
    final int n = a.length;
    checkSameLength(n, out.length, "out");
    for (int i = 0; i < n; i++) {
      out[i] = (a[i] * c) & m;
    }
  }

  /**
   * Reduces every element of {@code a} modulo {@code 2^l} in place (clears all bits above bit
   * {@code l-1}).
   *
   * @param a vector to reduce in place
   * @param l bitwidth in 1..64
   * @throws IllegalArgumentException if {@code l} is not in 1..64
   */
  public static void reduce(long[] a, int l) {
    final long m = mask(l);
    final int n = a.length;
    for (int i = 0; i < n; i++) {
      a[i] &= m;
    }
  }

  /**
   * Returns a copy of {@code a} with every element reduced to its low {@code l} bits (for shares: the exact
   * reduction of the shared value mod 2^l).
   *
   * @param a values (not modified)
   * @param l bitwidth, 1..64
   * @return a new reduced array
   */
  public static long[] reduced(long[] a, int l) {
    long[] out = a.clone();
    reduce(out, l);
    return out;
  }

  /**
   * Returns ceil(log2 n) for n &gt;= 1 (0 for n &lt;= 1): the depth of an n-term sum, the extra bits it needs.
   *
   * @param n a positive count
   * @return the number of bits to index n items
   */
  public static int ceilLog2(long n) {
    return n <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(n - 1);
  }

  /**
   * Returns a new array holding the two's complement view of every element: element {@code i} is
   * {@link #signed(long, int) signed(a[i], l)}. The input is not modified.
   *
   * @param a vector of l-bit values (bits above l are ignored)
   * @param l bitwidth in 1..64
   * @return a new array of the same length with values in {@code [-2^(l-1), 2^(l-1))}
   * @throws IllegalArgumentException if {@code l} is not in 1..64
   */
  public static long[] signedView(long[] a, int l) {
    checkBitwidth(l);
    final int s = 64 - l;
    final int n = a.length;
    final long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = (a[i] << s) >> s;
    }
    return out;
  }

  private static void checkSameLength(int expected, int actual, String name) {
    if (expected != actual) {
      throw new IllegalArgumentException(
          "length of " + name + " (" + actual + ") must equal length of a (" + expected + ")");
    }
  }
}
