package org.sirnn.clear.math;

/** Argument checks shared by the parameter records: every message names the parameter and its allowed range. */
final class Checks {
  private Checks() {}

  /**
   * Throws {@link IllegalArgumentException} unless {@code lo <= value <= hi}.
   *
   * @param what the function or table the parameter belongs to, e.g. "exp"
   * @param name the parameter name as it appears in the API
   * @param why a short reason for the bounds, or null
   */
  static void range(String what, String name, int value, int lo, int hi, String why) {
    if (value < lo || value > hi) {
      throw new IllegalArgumentException(
          what + ": " + name + " must be in " + lo + ".." + hi + (why == null ? "" : " (" + why + ")") + ", got "
              + value);
    }
  }

  /** Ceiling of a / 2 for any int a (floor semantics on negative values handled). */
  static int ceilHalf(int a) {
    return -Math.floorDiv(-a, 2);
  }
}
