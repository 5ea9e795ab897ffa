package org.sirnn.ot.iknp;

import java.security.SecureRandom;
import org.sirnn.net.Channel;
import org.sirnn.net.Traffic;
import org.sirnn.ot.ChosenOt;
import org.sirnn.ot.CorrelatedOt;
import org.sirnn.ot.CotRows;
import org.sirnn.ot.RandomOt;
import org.sirnn.ring.Ring;

/**
 * IKNP OT extension in both directions of one session (IKNP03 with the ALSZ13 correlated-OT variant), offering
 * correlated OT over Z_2^l, random OT and chosen-message OT with l-bit messages for any l in 1..64.
 *
 * <p>Each party holds one object with two {@link IknpExtension}s: one where it is the extension sender, one where
 * it is the receiver, so OTs in opposite directions can overlap ({@link #sendAndReceive}). The base OTs (2 x 128
 * Naor-Pinkas OTs, 4 rounds) run on first use; both parties must then call matching methods in the same order
 * (send on one side, receive on the other).
 *
 * <p>Communication per instance after the base OTs (lambda = 128): COT_l lambda + l bits, batched COT
 * lambda + sum l_j bits, random OT lambda bits, chosen OT lambda + 2l bits; 2 rounds each (random OT 1), and a
 * two-way COT pair 2 rounds in all. Sent values are packed to exactly their width. Each flavour opens its own
 * {@link Traffic} scope: {@code iknp-cot}, {@code iknp-rot}, {@code iknp-ot}, {@code iknp-cot2}.
 */
public final class IknpOt implements CorrelatedOt, RandomOt, ChosenOt {

  private final Channel ch;
  private final boolean first;
  private final SecureRandom rnd;
  private IknpExtension mine; // this party is the extension sender
  private IknpExtension theirs; // this party is the extension receiver

  /**
   * @param first true on the party that runs its base OTs as receiver first (by convention the server)
   */
  public IknpOt(Channel ch, boolean first, SecureRandom rnd) {
    this.ch = ch;
    this.first = first;
    this.rnd = rnd;
  }

  /** Runs the base OTs of both directions now (otherwise on first use). */
  @SuppressWarnings("try")
  public void setup() {
    if (mine != null) {
      return;
    }
    try (Traffic.Scope sc = ch.traffic().scope("iknp-setup")) {
      if (first) {
        mine = IknpExtension.asSender(ch, rnd);
        theirs = IknpExtension.asReceiver(ch, rnd);
      } else {
        theirs = IknpExtension.asReceiver(ch, rnd);
        mine = IknpExtension.asSender(ch, rnd);
      }
    }
  }

  // ------------------------------------------------------------------------------------------- correlated OT

  @Override
  @SuppressWarnings("try")
  public long[][][] sendSegments(Segment... segments) {
    int n = CotRows.totalInstances(segments);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope("iknp-cot")) {
      long[] q = mine.senderExtend(ch, n);
      return CotRows.sendSegments(ch, q, mine.secret(), mine::takeTweaks, segments);
    }
  }

  @Override
  @SuppressWarnings("try")
  public long[][][] receiveSegments(long[] choices, Shape... shapes) {
    int n = CotRows.totalInstances(shapes);
    CotRows.checkChoices(choices, n);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope("iknp-cot")) {
      long[] t = theirs.receiverExtend(ch, choices, n);
      return CotRows.receiveSegments(ch, t, choices, theirs::takeTweaks, shapes);
    }
  }

  @Override
  @SuppressWarnings("try")
  public Both exchange(Segment[] send, long[] choices, Shape[] receive) {
    int nSend = CotRows.totalInstances(send);
    int nReceive = CotRows.totalInstances(receive);
    CotRows.checkChoices(choices, nReceive);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope("iknp-cot2")) {
      long[] t = theirs.receiverExtend(ch, choices, nReceive); // round 1, both ways at once
      long[] q = mine.senderExtend(ch, nSend);
      long[][][] asSender = CotRows.sendSegments(ch, q, mine.secret(), mine::takeTweaks, send); // round 2
      long[][][] asReceiver = CotRows.receiveSegments(ch, t, choices, theirs::takeTweaks, receive);
      return new Both(asSender, asReceiver);
    }
  }

  // ----------------------------------------------------------------------------------------------- random OT

  @Override
  @SuppressWarnings("try")
  public long[][] sendRandom(int n, int l) {
    Ring.checkBitwidth(l);
    CotRows.checkCount(n);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope("iknp-rot")) {
      return CotRows.sendRandom(mine.senderExtend(ch, n), mine.secret(), mine::takeTweaks, n, l);
    }
  }

  @Override
  @SuppressWarnings("try")
  public long[] receiveRandom(long[] choices, int n, int l) {
    Ring.checkBitwidth(l);
    CotRows.checkCount(n);
    CotRows.checkChoices(choices, n);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope("iknp-rot")) {
      return CotRows.receiveRandom(theirs.receiverExtend(ch, choices, n), theirs::takeTweaks, n, l);
    }
  }

  // ----------------------------------------------------------------------------------------------- chosen OT

  @Override
  @SuppressWarnings("try")
  public void sendChosen(long[] m0, long[] m1, int l) {
    Ring.checkBitwidth(l);
    if (m0.length != m1.length) {
      throw new IllegalArgumentException("chosen OT: " + m0.length + " first messages but " + m1.length + " second");
    }
    int n = m0.length;
    setup();
    try (Traffic.Scope sc = ch.traffic().scope("iknp-ot")) {
      CotRows.sendChosen(ch, mine.senderExtend(ch, n), mine.secret(), mine::takeTweaks, m0, m1, l);
    }
  }

  @Override
  @SuppressWarnings("try")
  public long[] receiveChosen(long[] choices, int n, int l) {
    Ring.checkBitwidth(l);
    CotRows.checkCount(n);
    CotRows.checkChoices(choices, n);
    setup();
    try (Traffic.Scope sc = ch.traffic().scope("iknp-ot")) {
      return CotRows.receiveChosen(ch, theirs.receiverExtend(ch, choices, n), choices, theirs::takeTweaks, n, l);
    }
  }
}
