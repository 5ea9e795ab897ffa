/**
 * Cleartext fixed-point twins of the SiRnn math functions (Rathee et al., IEEE S&amp;P 2021, Section V): exp of
 * non-positive inputs, sigmoid, tanh, division/reciprocal and reciprocal square root, bit-exact with what EzPC
 * SCI's {@code MathFunctions} computes, so the secure protocols can be tested against them value for value.
 *
 * <ul>
 *   <li>{@link org.sirnn.clear.math.ClearMath}: the functions and their intermediate steps;
 *   <li>{@link org.sirnn.clear.math.ExpParams}, {@link org.sirnn.clear.math.SigmoidParams},
 *       {@link org.sirnn.clear.math.TanhParams}, {@link org.sirnn.clear.math.RsqrtParams}: validated parameters
 *       with SCI's defaults (digit size, LUT bits, iterations);
 *   <li>{@link org.sirnn.clear.math.ExpTables}, {@link org.sirnn.clear.math.ReciprocalTables},
 *       {@link org.sirnn.clear.math.RsqrtTables}: the lookup tables, generated as SCI generates them and cached;
 *   <li>{@link org.sirnn.clear.math.Accuracy} and {@link org.sirnn.clear.math.AccuracyReport}: the exhaustive
 *       16-bit accuracy measurement behind {@code docs/accuracy.md}.
 * </ul>
 *
 * <p>Where the spec needs an interpretation, the method comments say so; the integer semantics are documented on
 * each method. The design document is {@code sirnn-protocols.md} sections 5 and 6.
 */
package org.sirnn.clear.math;
