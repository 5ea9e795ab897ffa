package org.sirnn.ot;

/**
 * How the OT extensions of one session serve operations that run at the same time in lanes
 * ({@link org.sirnn.net.LaneGroup}): lane k gets views of the session's IKNP and KK13 extensions whose PRG blocks and
 * hash tweaks start at {@link #first}(k) = k * 2^40 in both directions. The session's own calls use blocks and
 * tweaks from 0, far below 2^40, and lanes are numbered 1, 2, ... in the order both parties open them, so no block
 * or tweak is used twice and the two parties of lane k meet in the same range. A lane's instances are thus
 * instances of the session's extensions like any others (independent pads under the same base OTs, the same
 * correlation-robustness argument); no base OTs are run for a lane. With Ferret a lane's view
 * ({@link org.sirnn.ot.ferret.FerretLane}) hashes with tweaks from the same range, and its overflow rows come from the
 * session's bootstrap IKNP extension with PRG blocks from that range.
 *
 * <p>Limits: at most {@link #MAX_LANES} lanes per session, and at most 2^40 PRG blocks (2^46 OT instances) or tweaks
 * per lane and direction; KK13 also tweaks with 2^63 + t, which stays clear of every lane's range.
 */
public final class OtLanes {

  /** log2 of the blocks and tweaks reserved per lane. */
  public static final int SHIFT = 40;

  /** Lanes a session may open (their ranges stay below 2^62). */
  public static final long MAX_LANES = 1L << 22;

  private OtLanes() {}

  /** The first PRG block and hash tweak of lane {@code lane} (1..MAX_LANES-1). */
  public static long first(long lane) {
    if (lane < 1 || lane >= MAX_LANES) {
      throw new IllegalArgumentException("lane " + lane + " outside 1.." + (MAX_LANES - 1));
    }
    return lane << SHIFT;
  }
}
