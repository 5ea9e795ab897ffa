/**
 * Symmetric primitives used by OT extension and the two-party protocols: seeds,
 * an AES-128-CTR pseudorandom generator ({@link org.sirnn.prg.Prg}), stateless
 * multi-key AES-CTR keystreams ({@link org.sirnn.prg.AesCtr}), the same keystreams from one
 * keyed cipher per key for repeated expansion ({@link org.sirnn.prg.AesCtrStreams}) and fixed-key AES
 * correlation-robust hashes ({@link org.sirnn.prg.CrHash}).
 *
 * <p>All AES runs through the JCE ({@code javax.crypto.Cipher}, SunJCE, AES-NI
 * intrinsics) with large bulk {@code update} calls; nothing here implements a block
 * cipher by hand. Seeds come from one shared {@link java.security.SecureRandom}.
 *
 * <p>Block convention: a 128-bit block is two adjacent {@code long}s in a flat
 * {@code long[]}, {@code lo} at index {@code 2i} and {@code hi} at {@code 2i+1};
 * the 16 bytes of the block are {@code lo} then {@code hi}, each little-endian
 * (the same in-memory layout as an x86 {@code __m128i}).
 */
package org.sirnn.prg;
