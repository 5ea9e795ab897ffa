package org.sirnn.mpc;

import java.util.Arrays;

/**
 * Splits a batched (SIMD) protocol call over n instances into consecutive chunks whose transient memory (OT
 * messages, correlations, packed buffers) stays near {@link #WORKING_SET_BYTES} whatever n is. Each chunk is a
 * complete run of the protocol on its instances, so outputs are the same as one call over all n; the rounds grow
 * with the number of chunks (ceil(n / chunk) times those of one call) and the bytes stay the same up to the OT
 * extension's per-call rounding (a few blocks per chunk). Both parties
 * compute the same chunk size from public values (the protocol's parameters and n), so they stay in step.
 * A call that fits in one chunk (every bundled model's calls except Heads' largest layers) runs unchanged.
 */
public final class Chunks {
  private Chunks() {}

  /** Target size of one protocol call's transient arrays (a compile-time constant: both parties must agree). */
  public static final long WORKING_SET_BYTES = 64L << 20;

  /** Fewest instances per chunk (keeps the rounds of small-bitwidth calls unchanged). */
  public static final int MIN_CHUNK = 4096;

  /** Instances per chunk for a protocol whose transient memory is {@code bytesPerInstance} per instance. */
  public static int size(long bytesPerInstance) {
    long c = WORKING_SET_BYTES / Math.max(1, bytesPerInstance);
    return (int) Math.max(MIN_CHUNK, Math.min(Integer.MAX_VALUE - 8, c));
  }

  /** One chunk of a protocol: the outputs for instances [from, to). */
  @FunctionalInterface
  public interface Slice {
    long[] run(int from, int to);
  }

  /**
   * Runs {@code f} over [0, n) in chunks of {@code chunk} instances and concatenates their outputs (one output per
   * instance); a single call when n fits.
   */
  public static long[] map(int n, int chunk, Slice f) {
    if (n <= chunk) {
      return f.run(0, n);
    }
    long[] out = new long[n];
    for (int from = 0; from < n; from += chunk) {
      int to = (int) Math.min((long) from + chunk, n);
      long[] r = f.run(from, to);
      if (r.length != to - from) {
        throw new IllegalStateException("chunk [" + from + ", " + to + ") gave " + r.length + " outputs");
      }
      System.arraycopy(r, 0, out, from, r.length);
    }
    return out;
  }

  /** One chunk of a protocol with several outputs per instance: rows of outputs for instances [from, to). */
  @FunctionalInterface
  public interface RowsSlice {
    long[][] run(int from, int to);
  }

  /**
   * As {@link #map} for a protocol that returns {@code rows} arrays of one output per instance each (e.g. a wrap bit
   * and an all-ones bit, or one array per table).
   */
  public static long[][] mapRows(int n, int chunk, int rows, RowsSlice f) {
    if (n <= chunk) {
      return f.run(0, n);
    }
    long[][] out = new long[rows][n];
    for (int from = 0; from < n; from += chunk) {
      int to = (int) Math.min((long) from + chunk, n);
      long[][] r = f.run(from, to);
      for (int k = 0; k < rows; k++) {
        System.arraycopy(r[k], 0, out[k], from, to - from);
      }
    }
    return out;
  }

  /** {@code a[from, to)}, or null when {@code a} is null (the party without that input). */
  public static int[] slice(int[] a, int from, int to) {
    return a == null || (from == 0 && to == a.length) ? a : Arrays.copyOfRange(a, from, to);
  }

  /** {@code a[from, to)} (no copy when that is all of it), or null when {@code a} is null. */
  public static long[] slice(long[] a, int from, int to) {
    return a == null || (from == 0 && to == a.length) ? a : Arrays.copyOfRange(a, from, to);
  }
}
