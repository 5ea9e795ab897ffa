package org.sirnn.prg;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/** Package-internal helpers: little-endian byte/long views, a read-only zero buffer, bounds checks. */
final class Blocks {
    private Blocks() {}

    /** Reads/writes a {@code long} at any byte offset of a {@code byte[]}, little-endian. */
    static final VarHandle LE_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Reads an {@code int} at any byte offset of a {@code byte[]}, little-endian. */
    static final VarHandle LE_INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** Writes a {@code long} big-endian (used for CTR counters). */
    static final VarHandle BE_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** Bytes per bulk cipher call (64 KiB): large enough to reach full AES-NI throughput. */
    static final int CHUNK_BYTES = 1 << 16;

    /** All-zero plaintext for keystream generation. Never written to; safe to share between threads. */
    static final byte[] ZEROS = new byte[CHUNK_BYTES];

    /** Checks that blocks {@code [blockOff, blockOff+nBlocks)} lie inside {@code arr} (2 longs per block). */
    static void checkBlocks(long[] arr, int blockOff, int nBlocks) {
        Objects.requireNonNull(arr);
        if (blockOff < 0 || nBlocks < 0) {
            throw new IndexOutOfBoundsException("blockOff=" + blockOff + " nBlocks=" + nBlocks);
        }
        long end = 2L * blockOff + 2L * nBlocks;
        if (end > arr.length) {
            throw new IndexOutOfBoundsException("blocks [" + blockOff + ", " + ((long) blockOff + nBlocks)
                    + ") out of bounds for long[" + arr.length + "]");
        }
    }
}
