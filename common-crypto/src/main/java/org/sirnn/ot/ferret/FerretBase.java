package org.sirnn.ot.ferret;

import java.util.Objects;
import org.sirnn.net.Channel;
import org.sirnn.net.Traffic;
import org.sirnn.ot.OneOfNOt;
import org.sirnn.ot.RowOt;
import org.sirnn.ring.Ring;

/**
 * What a Ferret session ({@link FerretOt}) and a lane view of it ({@link FerretLane}) share on top of
 * {@link RowOt}: 1-out-of-N OT from log2(N) corrected COTs per instance and a tree of hashes ({@link OneOfNTree}),
 * log2(N) + N l bits per instance and 2 rounds (KK13: 256 + N l). The rows come from the subclass
 * ({@link #senderRows}, {@link #receiverRows}, {@link #senderOffset}), after its {@link #prepare}.
 */
abstract class FerretBase extends RowOt implements OneOfNOt {

  /** Largest N of {@link #sendOneOfN} (as {@link FerretOt#MAX_N}). */
  static final int MAX_N = 256;

  FerretBase(Channel ch, long firstTweak) {
    super(Objects.requireNonNull(ch, "ch"), "ferret", firstTweak);
  }

  @Override
  @SuppressWarnings("try")
  public final void sendOneOfN(long[] messages, int bigN, int l) {
    Objects.requireNonNull(messages, "messages");
    checkN(bigN);
    Ring.checkBitwidth(l);
    if (messages.length % bigN != 0) {
      throw new IllegalArgumentException("messages.length must be a multiple of N = " + bigN + " (N messages per"
          + " instance), got " + messages.length);
    }
    int n = messages.length / bigN;
    int m = Integer.numberOfTrailingZeros(bigN);
    checkCount((long) n * m);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope("ferret-1ofn")) {
      prepare(n * m, 0);
      long[] q = senderRows(n * m);
      long tweak = senderTweaks((long) n * (2 * bigN - 2));
      OneOfNTree.send(ch, q, senderOffset(), n, bigN, m, l, messages, tweak);
    }
  }

  @Override
  @SuppressWarnings("try")
  public final long[] receiveOneOfN(int[] choices, int bigN, int l) {
    Objects.requireNonNull(choices, "choices");
    checkN(bigN);
    Ring.checkBitwidth(l);
    for (int i = 0; i < choices.length; i++) {
      if (choices[i] < 0 || choices[i] >= bigN) {
        throw new IllegalArgumentException("choices[" + i + "] = " + choices[i] + " is outside [0, N) for N = "
            + bigN);
      }
    }
    int n = choices.length;
    int m = Integer.numberOfTrailingZeros(bigN);
    checkCount((long) n * m);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope("ferret-1ofn")) {
      prepare(0, n * m);
      long[] bits = new long[(n * m + 63) / 64];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
          int at = i * m + j;
          bits[at >>> 6] |= (long) ((choices[i] >>> (m - 1 - j)) & 1) << (at & 63);
        }
      }
      long[] t = receiverRows(bits, n * m);
      long tweak = receiverTweaks((long) n * (2 * bigN - 2));
      return OneOfNTree.receive(ch, t, choices, n, bigN, m, l, tweak);
    }
  }

  /** Sender side of the choice correction on n random COTs q (2n longs): q_i ^= e_i Delta in place. */
  static void applyCorrection(long[] e, long[] q, long[] delta, int n) {
    for (int i = 0; i < n; i++) {
      long m = -((e[i >>> 6] >>> (i & 63)) & 1L);
      q[2 * i] ^= delta[0] & m;
      q[2 * i + 1] ^= delta[1] & m;
    }
  }

  /** Receiver side of the choice correction on n random COTs t: sends e_i = b_i xor x_i (n bits, flushed). */
  static void correctAsReceiver(Channel ch, long[] t, long[] choices, int n) {
    long[] e = new long[(n + 63) / 64];
    for (int i = 0; i < n; i++) {
      e[i >>> 6] |= (((choices[i >>> 6] >>> (i & 63)) ^ t[2 * i]) & 1L) << (i & 63);
    }
    ch.sendBits(e, n);
    ch.flush();
  }

  private static void checkN(int bigN) {
    if (bigN < 2 || bigN > MAX_N || Integer.bitCount(bigN) != 1) {
      throw new IllegalArgumentException("N must be a power of two in 2.." + MAX_N + ", got " + bigN);
    }
  }
}
