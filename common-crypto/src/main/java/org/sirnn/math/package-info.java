/**
 * SiRnn's math library on secret shares (Section V): exponential of non-positive inputs, sigmoid, tanh, reciprocal
 * and reciprocal square root. Each function reproduces bit for bit its cleartext twin in
 * {@code org.sirnn.clear.math.ClearMath}, which follows EzPC SCI's integer semantics (lookup tables for an initial
 * approximation, products and truncations on minimal bitwidths).
 */
package org.sirnn.math;
