package org.sirnn.ot.ferret;

import java.util.Arrays;
import org.sirnn.net.Channel;
import org.sirnn.net.Traffic;
import org.sirnn.ot.iknp.IknpRows;

/**
 * One lane's view of a Ferret session ({@link FerretOt#lane}), for operations that run at the same time in lanes
 * ({@link org.sirnn.net.LaneGroup}): the same interfaces as {@link FerretOt} (correlated, random and chosen OT,
 * 1-out-of-N) with the same messages and rounds per call, over the lane's channel, from COTs that the session set
 * aside for this lane ({@link FerretOt#carve}, one region per direction) with the session's Deltas. It never
 * refills: the silent extension runs only on the session, at the fork. Hash tweaks (both directions) start at
 * {@link org.sirnn.ot.OtLanes#first}(lane), so no tweak is used twice in the session, as with the IKNP lanes.
 *
 * <p>Overflow: a call that needs more COTs in either direction than its region has left runs whole on the lane
 * views of the IKNP extension that bootstrapped the session (its base OTs and offsets, PRG blocks from the lane's
 * range; Ishai-Kilian-Nissim-Petrank CRYPTO 2003): the same rounds, 128 bits per instance from the receiver instead
 * of 1 (scope {@value #OVERFLOW_SCOPE}). Both ends decide alike, since their regions and call sizes match. Unused
 * COTs are wiped when the lane ends ({@link #close}).
 *
 * <p>Used by one thread (the lane's); the regions of other lanes share arrays with this one but not positions.
 */
public final class FerretLane extends FerretBase {

  /** Scope of the IKNP rows of a call whose region ran short (nested in the flavour's scope). */
  public static final String OVERFLOW_SCOPE = "ferret-overflow";

  private final FerretOt session;
  private final long[] delta;
  private final long[] q; // this party's sender direction
  private int qAt;
  private final int qEnd;
  private final long[] t; // this party's receiver direction
  private int tAt;
  private final int tEnd;
  private final IknpRows ikMine;
  private final IknpRows ikTheirs;
  private boolean overflow; // this call runs on IKNP rows
  private long neededAsSender;
  private long neededAsReceiver;
  private long overflowed;
  private boolean closed;

  FerretLane(FerretOt session, Channel laneCh, long firstTweak, long[] delta, long[] q, int qFrom, int qEnd,
      long[] t, int tFrom, int tEnd, IknpRows ikMine, IknpRows ikTheirs) {
    super(laneCh, firstTweak);
    this.session = session;
    this.delta = delta;
    this.q = q;
    this.qAt = qFrom;
    this.qEnd = qEnd;
    this.t = t;
    this.tAt = tFrom;
    this.tEnd = tEnd;
    this.ikMine = ikMine;
    this.ikTheirs = ikTheirs;
  }

  /** Nothing to set up: the session ran setup before carving. */
  @Override
  public void setup() {}

  /** COTs a call asked for so far in this party's sender direction (from the region or, on overflow, IKNP). */
  public long neededAsSender() {
    return neededAsSender;
  }

  /** COTs a call asked for so far in this party's receiver direction. */
  public long neededAsReceiver() {
    return neededAsReceiver;
  }

  /** OT instances that ran on IKNP rows because the region was short. */
  public long overflowed() {
    return overflowed;
  }

  /** COTs left in this lane's regions (both directions). */
  public long left() {
    return (long) (qEnd - qAt) + (tEnd - tAt);
  }

  /**
   * Ends the view: wipes what is left of its regions and reports it to the session as wasted; returns how many.
   * Idempotent; the view must not be used afterwards.
   */
  public long close() {
    if (closed) {
      return 0;
    }
    closed = true;
    long left = left();
    Arrays.fill(q, 2 * qAt, 2 * qEnd, 0L);
    Arrays.fill(t, 2 * tAt, 2 * tEnd, 0L);
    qAt = qEnd;
    tAt = tEnd;
    session.laneEnded(left, overflowed);
    return left;
  }

  /** Decides where this call's rows come from: the regions if both have enough left, else IKNP for the whole call. */
  @Override
  protected void prepare(int nSend, int nReceive) {
    if (closed) {
      throw new IllegalStateException("Ferret lane view used after its lane ended");
    }
    neededAsSender += nSend;
    neededAsReceiver += nReceive;
    overflow = qEnd - qAt < nSend || tEnd - tAt < nReceive;
    if (overflow) {
      overflowed += (long) nSend + nReceive;
    }
  }

  @Override
  @SuppressWarnings("try")
  protected long[] senderRows(int n) {
    if (overflow) {
      try (Traffic.Scope sc = ch.traffic().scope(OVERFLOW_SCOPE)) {
        return ikMine.send(ch, n);
      }
    }
    long[] e = ch.receiveBits(n);
    long[] rows = takeRegion(q, qAt, n);
    qAt += n;
    applyCorrection(e, rows, delta, n);
    return rows;
  }

  @Override
  @SuppressWarnings("try")
  protected long[] receiverRows(long[] choices, int n) {
    if (overflow) {
      try (Traffic.Scope sc = ch.traffic().scope(OVERFLOW_SCOPE)) {
        return ikTheirs.receive(ch, choices, n);
      }
    }
    long[] rows = takeRegion(t, tAt, n);
    tAt += n;
    correctAsReceiver(ch, rows, choices, n);
    return rows;
  }

  @Override
  protected long[] senderOffset() {
    return overflow ? ikMine.offset() : delta.clone();
  }

  /** Blocks [from, from + n) of a region as a new array (2n longs), wiped in the region. */
  private static long[] takeRegion(long[] region, int from, int n) {
    long[] out = Arrays.copyOfRange(region, 2 * from, 2 * (from + n));
    Arrays.fill(region, 2 * from, 2 * (from + n), 0L);
    return out;
  }
}
