/**
 * Base oblivious transfer: the public-key OTs that seed OT extension (128 for IKNP, 256 for KK13).
 *
 * <p>{@link org.sirnn.ot.base.NaorPinkasOt} is the semi-honest Naor-Pinkas OT of random 128-bit messages over NIST
 * P-256 (BouncyCastle), 2 rounds, 33 bytes per compressed point: the same choice of protocol and curve as the
 * reference C++ implementation of SiRnn (EzPC SCI). Keys use the block layout of {@code org.sirnn.prg}.
 */
package org.sirnn.ot.base;
