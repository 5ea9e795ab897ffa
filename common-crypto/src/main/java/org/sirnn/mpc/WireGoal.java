package org.sirnn.mpc;

import java.util.Locale;

/**
 * What a session's protocols save where they have a choice between fewer rounds and fewer bytes (today: the top
 * tree level of a millionaires' call, {@link Millionaire}); outputs are the same whatever the goal. Both parties must
 * use the same goal (the session header carries it), since it changes the messages.
 *
 * <p>The choice weighs n x bits per instance + rounds x {@link #roundPriceBits}: a round is priced at what the link
 * carries while it waits, so small calls (a recurrent step's 100 values) keep the round and large ones (a batch,
 * an image) save the bytes.
 */
public enum WireGoal {
  /** Fewest rounds: the widest final OT whatever the size of the call (IKNP's choice before the goal existed). */
  ROUNDS(Long.MAX_VALUE),
  /**
   * Rounds priced at the paper's LAN (SiRnn Section VI: 0.8 ms round trip, 377 MB/s): 0.4 ms x 3,016 Mbit/s
   * = 1.2 Mbit per round. The default.
   */
  BALANCED(1_200_000L),
  /**
   * Fewest bytes: each extra round is free (a bandwidth-bound link). A Ferret session opened with it also runs the
   * preset with the fewest bytes per COT ({@code SessionRunner.withGoal}).
   */
  BYTES(0L);

  /** The goal of sessions whose header names none. */
  public static final WireGoal DEFAULT = BALANCED;

  private final long roundPriceBits;

  WireGoal(long roundPriceBits) {
    this.roundPriceBits = roundPriceBits;
  }

  /** What one round is worth in bits on the wire ({@link Long#MAX_VALUE} for {@link #ROUNDS}). */
  public long roundPriceBits() {
    return roundPriceBits;
  }

  /** The header and command-line name: "rounds", "balanced", "bytes". */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The goal of a name (case-insensitive; empty means {@link #DEFAULT}), or IllegalArgumentException. */
  public static WireGoal parse(String name) {
    if (name == null || name.isEmpty()) {
      return DEFAULT;
    }
    for (WireGoal g : values()) {
      if (g.label().equalsIgnoreCase(name)) {
        return g;
      }
    }
    String shown = name.replaceAll("[^A-Za-z0-9_-]", "?");
    throw new IllegalArgumentException("unknown wire goal '" + (shown.length() <= 20 ? shown : shown.substring(0, 20)
        + "...") + "' (rounds, balanced or bytes)");
  }
}
