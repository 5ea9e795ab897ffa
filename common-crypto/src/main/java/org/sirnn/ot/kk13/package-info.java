/**
 * KK13 1-out-of-N OT extension (Kolesnikov-Kumaresan, CRYPTO 2013) with the length-256 Walsh-Hadamard code:
 * {@link org.sirnn.ot.kk13.Kk13Ot}, the backend of {@link org.sirnn.ot.OneOfNOt} for N = 2..256 and l = 1..64
 * (SiRnn's lookup tables and millionaires' leaves).
 */
package org.sirnn.ot.kk13;
