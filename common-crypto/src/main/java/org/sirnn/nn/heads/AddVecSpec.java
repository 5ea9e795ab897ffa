package org.sirnn.nn.heads;

/**
 * The README's "AddVec(X, b, S)" description: for each element of channel c, X / (Scten * Scret) +
 * b[c] / (Scvec * Scret), each term divided separately. Description only; {@code EdgeConv.addVec} (test sources) computes it.
 */
public record AddVecSpec(String name, int[] bias, int scten, int scvec, int scret) {

  /** Reads bias tensor {@code biasKey} and divisors {@code scalePrefix_Scten/Scvec/Scret}. */
  public static AddVecSpec fromHeader(HeaderJson h, String biasKey, String scalePrefix, int channels) {
    HeaderJson.Tensor b = h.tensor(biasKey, channels);
    return new AddVecSpec(biasKey, b.values(), h.divisor(scalePrefix + "_Scten"), h.divisor(scalePrefix + "_Scvec"),
        h.divisor(scalePrefix + "_Scret"));
  }
}
