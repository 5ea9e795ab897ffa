/**
 * JMH benchmarks of the kernels the protocols rest on: the AES-CTR PRG ({@link org.sirnn.prg.AesCtr},
 * {@link org.sirnn.prg.Prg}), the fixed-key hashes ({@link org.sirnn.prg.CrHash}), the IKNP bit-matrix transpose
 * ({@link org.sirnn.ring.BitMatrix}), bit packing ({@link org.sirnn.ring.BitPacking}) and IKNP random OT over an
 * in-memory party pair. Scores are per element ({@code @OperationsPerInvocation}): blocks/s, rows/s, values/s,
 * OTs/s. Protocol-level figures come from {@code client-party bench}, not from here.
 *
 * <p>Built only with {@code -Pbenchmarks}; results and the command are in docs/benchmarks.md, "JMH kernels".
 */
package org.sirnn.bench.jmh;
