package org.sirnn.ot.ferret;

/**
 * One primal-LPN parameter set of Ferret (Yang, Weng, Lan, Zhang, Wang, "Ferret: Fast Extension for coRRElated oT
 * with small communication", CCS 2020, ePrint 2020/924, Section 5; regular noise): an iteration turns
 * {@link #m()} = k + t*h correlated OTs into n = t * 2<sup>h</sup>, namely
 * <ul>
 *   <li>k of them are the LPN secret (the receiver's bits u and their COTs),
 *   <li>t*h of them carry the t single-point COTs (one GGM tree of 2<sup>h</sup> leaves per noise position, h COTs
 *       per tree),
 * </ul>
 * and each output is the xor of d = {@value LpnCode#D} seed COTs at pseudorandom positions (a local linear code) and
 * the output of the multi-point COT at that position. The semi-honest protocol needs no COTs for a consistency
 * check, so {@code m} has no "+128" as in emp-ot's malicious count.
 *
 * <p>Presets ({@link Preset}): a bootstrap set that the IKNP COTs seed, then main iterations, the first
 * {@link Preset#earlyIterations()} of them with a smaller "early" set and all later ones with the main set; each
 * iteration's output seeds the next, so every set yields at least what its successor consumes:
 * <ul>
 *   <li>{@link Preset#EMP_OT_2026} (default): emp-ot's current sets (emp-toolkit/emp-ot {@code emp-ot/tuning.h}):
 *       bootstrap {@code ferret_b10} = (t 850, k 2<sup>16</sup>, h 10), n = 870,400; two early iterations of
 *       {@code ferret_b12} = (t 1,520, k 2<sup>18</sup>, h 12), n = 6,225,920; then {@code ferret_b13} = (t 1,900,
 *       k 2<sup>19</sup>, h 13), n = 15,564,800. Its authors selected all four for about 128-bit security against
 *       the published regular-LPN attacks as computed by the LPN estimator (their list: Gauss, SD-ISD, BJMM, hybrid,
 *       Esser et al., AGB; the hybrid attack binds; b10 is marked there as tentative, pending a full BJMM-ISD pass,
 *       at about 128.7 bits for the hybrid attack and at least 131 for the others). Why two sets: the LPN encoding
 *       reads 10 random blocks of the k-block secret per output, and b12's secret (4 MiB) stays in cache where
 *       b13's (8 MiB) does not, which halved the encoding's CPU time in a Google-30 session (about 12 M COTs per
 *       party); b13 sends fewer bits per COT (0.44 against b12's 0.82), which is what counts once a session has
 *       used the 12 M COTs of the two b12 iterations.
 *   <li>{@link Preset#EMP_OT_B13}: the same without early iterations (b10 then b13 only; the default before).
 *   <li>{@link Preset#FERRET_2020}: the sets of the paper's era (emp-ot {@code emp-ot/ferret/constants.h} from
 *       2022, {@code ferret_b13} = n 10,485,760, t 1,280, k 452,000, h 13; bootstrap n 470,016, t 918, k 32,768,
 *       h 9), claimed 128-bit against the attacks analysed in the Ferret paper (Section 6). Later algebraic and
 *       hybrid attacks on regular LPN lowered the estimates of several such sets; emp-ot retired them, and we did
 *       not re-estimate them. Kept for comparison (it has a smaller bootstrap).
 * </ul>
 *
 * @param name label for logs and benchmarks
 * @param n outputs of an iteration, t * 2^h
 * @param k LPN dimension (secret length)
 * @param t noise weight = number of GGM trees
 * @param h depth of each tree (2^h leaves per tree)
 */
public record FerretParams(String name, int n, int k, int t, int h) {

  /**
   * A bootstrap set, an early set for the first {@code earlyIterations} main iterations and the main set for all
   * later ones ({@code early} is null when {@code earlyIterations} is 0). Iteration 0 is the bootstrap.
   */
  public record Preset(String name, FerretParams main, FerretParams bootstrap, FerretParams early,
      int earlyIterations) {
    public Preset {
      if (earlyIterations < 0 || (earlyIterations > 0) != (early != null)) {
        throw new IllegalArgumentException("preset " + name + ": an early set needs a positive number of"
            + " iterations and vice versa");
      }
      for (int i = 0; i <= earlyIterations; i++) {
        FerretParams p = i == 0 ? bootstrap : early;
        FerretParams q = i < earlyIterations ? early : main;
        if ((long) p.n() - q.m() < 1) {
          throw new IllegalArgumentException("preset " + name + ": " + p.name() + " yields " + p.n()
              + " COTs but its successor " + q.name() + " needs " + q.m() + " and more");
        }
      }
    }

    /** A main set and the bootstrap set whose output seeds it, no early iterations. */
    public Preset(String name, FerretParams main, FerretParams bootstrap) {
      this(name, main, bootstrap, null, 0);
    }

    /** The set of iteration {@code i}: 0 the bootstrap, then the early iterations, then main. */
    public FerretParams params(int i) {
      return i == 0 ? bootstrap : i <= earlyIterations ? early : main;
    }

    /** emp-ot's ferret_b10 bootstrap, ferret_b12 twice, then ferret_b13 (about 128-bit; the default). */
    public static final Preset EMP_OT_2026 = new Preset("emp-ot-2026",
        new FerretParams("b13", 1900 << 13, 1 << 19, 1900, 13),
        new FerretParams("b10", 850 << 10, 1 << 16, 850, 10),
        new FerretParams("b12", 1520 << 12, 1 << 18, 1520, 12), 2);

    /** emp-ot's ferret_b13 bootstrapped by ferret_b10, without early iterations (about 128-bit). */
    public static final Preset EMP_OT_B13 = new Preset("emp-ot-2026-b13", EMP_OT_2026.main(),
        EMP_OT_2026.bootstrap());

    /** The 2022 emp-ot ferret_b13 and its pre-set (the paper's era; see the class doc for its security). */
    public static final Preset FERRET_2020 = new Preset("ferret-2020",
        new FerretParams("b13-2020", 1280 << 13, 452_000, 1280, 13),
        new FerretParams("pre-2020", 918 << 9, 32_768, 918, 9));

    /** The preset used unless a caller asks for another. */
    public static Preset defaults() {
      return EMP_OT_2026;
    }
  }

  public FerretParams {
    if (h < 1 || h > 20) {
      throw new IllegalArgumentException(name + ": tree depth h must be in 1..20, got " + h);
    }
    if (t < 1 || k < 1 || (long) t << h != n) {
      throw new IllegalArgumentException(name + ": need t >= 1, k >= 1 and n = t * 2^h, got n=" + n + " t=" + t
          + " h=" + h + " k=" + k);
    }
    if ((long) k + (long) t * h >= n) {
      throw new IllegalArgumentException(name + ": an iteration must yield more than it consumes (k + t*h = "
          + ((long) k + (long) t * h) + " >= n = " + n + ")");
    }
  }

  /** Leaves per tree, 2^h. */
  public int leaves() {
    return 1 << h;
  }

  /** COTs an iteration consumes: k for the LPN secret, h per tree. */
  public int m() {
    return k + t * h;
  }
}
