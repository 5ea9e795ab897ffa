package org.sirnn.ot.ferret;

import java.security.SecureRandom;
import java.util.Objects;
import org.sirnn.net.Channel;
import org.sirnn.net.Traffic;
import org.sirnn.ot.RowOt;
import org.sirnn.ot.iknp.IknpRows;

/**
 * Ferret silent OT (Yang, Weng, Lan, Zhang, Wang, CCS 2020) in both directions of one session, behind the same
 * interfaces as IKNP and KK13: correlated OT over Z_2^l, random and chosen OT, 1-out-of-N OT. Semi-honest only, like
 * the rest of SiRnn (no consistency check of the single-point COTs).
 *
 * <p>Each party holds one {@link FerretCot} per direction: in its sender direction it holds Delta (127 random bits,
 * bit 0 set), in the other it is the receiver. Random COTs come from there; every interface method turns them into
 * what it promises with one correction per instance:
 * <ul>
 *   <li>the receiver takes n random COTs (t_i, random choice x_i = bit 0 of t_i) and sends e_i = b_i xor x_i (1 bit
 *       per instance); the sender takes its n COTs q_i and sets q_i := q_i xor e_i Delta, so that
 *       t_i = q_i xor b_i Delta for the receiver's chosen b_i;
 *   <li>then the pads are H(q_i), H(q_i xor Delta) and H(t_i) exactly as in IKNP ({@link RowOt}): COT_l costs
 *       1 + l bits per instance (IKNP: 128 + l), random OT 1 bit (IKNP: 128), chosen OT 1 + 2l (IKNP: 128 + 2l),
 *       with the same rounds (2, 1, 2; a two-way COT 2 in all);
 *   <li>1-out-of-N: log2(N) COTs per instance and a tree of hashes ({@link OneOfNTree}): log2(N) + N l bits (KK13:
 *       256 + N l), 2 rounds.
 * </ul>
 * On top comes the silent extension, paid when a batch needs more COTs than are buffered ({@link FerretCot#ensure}):
 * a refill of at least 0.5 M COTs, sent as slices of (2h + 1) blocks per GGM tree from the Delta holder (0.82 bits
 * per COT in the default preset's two b12 iterations, the first 12 M COTs of a direction, 0.44 bits in its b13 ones
 * and with the b13-only presets), and one more round (two for a call whose only message goes the other way,
 * like random OT) in the operator that triggers it; with refills of 0.5 M COTs that is rare.
 *
 * <p>Setup ({@link #setup}, else on first use; scope {@value #SETUP_SCOPE}): per direction 128 Naor-Pinkas base
 * OTs, {@code bootstrap.m()} IKNP COTs (128 bits each, from the Ferret receiver) and the whole bootstrap iteration
 * (one round of messages from the Ferret sender); 5 rounds for both directions. With the default preset that is
 * 2.95 MB for both directions (IKNP 2 x 1.18 MB, bootstrap iterations 2 x 0.29 MB), about 0.15 s on loopback once
 * warm. A client may ask the setup for more ({@link #precompute}, the offline phase of a pooled session): the
 * counts travel with its setup messages (8 bytes, no extra round) and both parties stock that many COTs per
 * direction before the session's input exists. It is paid once per session, in {@code Party.setup()} where a session has a setup scope: the bootstrap is a
 * fixed cost that does not depend on the inputs, so it belongs with the base OTs rather than in the first operator.
 * The main iterations run lazily, in refills: the bootstrap leaves 590,016 COTs in each buffer
 * (870,400 less the 280,384 that seed the first b12 iteration), the first refill
 * comes with the first batch that needs more. Each party must make matching calls in the same order (as with
 * IKNP).
 *
 * <p>Lanes ({@code org.sirnn.mpc.Party#parallel}): a lane must not take from the buffers (refills communicate, and
 * concurrent lanes would take COTs in an order that depends on timing), so at the fork, a sequential point of both
 * parties, {@link #carve} sets aside each lane's COTs per direction as consecutive regions (the normal refill if the
 * buffers are short: one round, in {@value #EXTEND_SCOPE}) and each lane runs on a {@link FerretLane} view of its
 * regions: the same Deltas, the same messages and rounds per call, its own hash tweaks
 * ({@link org.sirnn.ot.OtLanes}). A lane call that needs more than its region has left runs on lane views of the
 * IKNP extension that bootstrapped this session (kept from {@link #setup}; 128 bits per instance). The regions'
 * sizes are the caller's (Party records what each task of a fork site used).
 *
 * <p>Scopes: {@code ferret-cot}, {@code ferret-cot2} (two-way), {@code ferret-rot}, {@code ferret-ot},
 * {@code ferret-1ofn}, with the silent extension nested as {@value #EXTEND_SCOPE} (and a lane's IKNP rows as
 * {@value FerretLane#OVERFLOW_SCOPE}). Not thread-safe; its lane views may run at the same time as each other.
 */
public final class FerretOt extends FerretBase {

  /** Scope of the base OTs, IKNP bootstrap and bootstrap iteration. */
  public static final String SETUP_SCOPE = "ferret-setup";

  /** Scope of each silent-extension slice (nested in the operator that needed it). */
  public static final String EXTEND_SCOPE = "ferret-extend";

  /** Largest N of {@link #sendOneOfN}. */
  public static final int MAX_N = 256;

  /**
   * Most COTs per direction that a client can ask the setup to make in advance ({@link #precompute}): 2^23, 128 MiB
   * of blocks per direction and party, held until the session uses them. The server applies the cap too.
   */
  public static final int PRECOMPUTE_MAX = 1 << 23;

  private final boolean first;
  private int preServerSends; // client only: COTs asked for in advance, direction where the server holds Delta
  private int preClientSends; // ... and where the client holds Delta
  private final SecureRandom rnd;
  private FerretParams.Preset preset;
  private FerretCot mine; // this party holds Delta
  private FerretCot theirs; // this party chooses
  private IknpRows ikMine; // the bootstrap's IKNP rows, kept for the lanes' overflow
  private IknpRows ikTheirs;
  private long laneWaste; // COTs carved for lanes and never used
  private long laneOverflow; // OT instances lanes ran on IKNP rows because their region was short

  /** Ferret with the default preset; {@code first} as for IKNP (the server runs its base OTs as receiver first). */
  public FerretOt(Channel ch, boolean first, SecureRandom rnd) {
    this(ch, first, rnd, FerretParams.Preset.defaults());
  }

  /** Ferret with the given parameter preset (both parties must use the same). */
  public FerretOt(Channel ch, boolean first, SecureRandom rnd, FerretParams.Preset preset) {
    super(ch, 0);
    this.first = first;
    this.rnd = Objects.requireNonNull(rnd, "rnd");
    this.preset = Objects.requireNonNull(preset, "preset");
  }

  /**
   * Switches the parameter preset before {@link #setup} (both parties alike; the schedule fingerprint checked at
   * setup refuses a mismatch): e.g. {@link FerretParams.Preset#EMP_OT_B13} for fewer bytes per COT.
   */
  public void usePreset(FerretParams.Preset p) {
    if (mine != null) {
      throw new IllegalStateException("the Ferret preset is fixed once setup has run");
    }
    this.preset = Objects.requireNonNull(p, "preset");
  }

  /** The parameter preset of this session. */
  public FerretParams.Preset preset() {
    return preset;
  }

  /** Runs base OTs, IKNP bootstrap and bootstrap iteration of both directions now (otherwise on first use). */
  @Override
  @SuppressWarnings("try")
  public void setup() {
    if (mine != null) {
      return;
    }
    try (Traffic.Scope sc = ch.traffic().scope(SETUP_SCOPE)) {
      IknpRows[] ik = IknpRows.pair(ch, first, rnd);
      ikMine = ik[0];
      ikTheirs = ik[1];
      int m0 = preset.bootstrap().m();
      long[] choices = new long[(m0 + 63) / 64];
      for (int i = 0; i < choices.length; i++) {
        choices[i] = rnd.nextLong();
      }
      long[] t = ikTheirs.receive(ch, choices, m0); // both IKNP batches in one round
      long[] q = ikMine.send(ch, m0);
      int[] pre = first ? null : advanceRequest(); // the client's goes out ahead of its bootstrap iteration
      mine = FerretCot.sender(ch, ikMine.offset(), q, preset); // both bootstrap iterations in one round
      if (first) {
        pre = advanceRequest(); // read after sending this party's own bootstrap, so the round stays shared
      }
      theirs = FerretCot.receiver(ch, t, choices, preset);
      // COTs asked for in advance (an offline phase): this party's sender slices first, then the peer's
      mine.stock(ch, pre[first ? 0 : 1]);
      theirs.stock(ch, pre[first ? 1 : 0]);
    }
  }

  /**
   * The client sends how many COTs of each direction the setup makes in advance (two 32-bit counts, 8 bytes, ahead
   * of its bootstrap iteration), the server receives them after sending its own (so both bootstrap iterations still
   * share one round); both cap them at
   * {@link #PRECOMPUTE_MAX}. Returns {server-sends, client-sends}.
   */
  private int[] advanceRequest() {
    long[] counts;
    if (first) {
      counts = ch.receiveLongs(2, 32);
    } else {
      counts = new long[] {preServerSends, preClientSends};
      ch.sendLongs(counts, 32);
    }
    return new int[] {(int) Math.min(counts[0], PRECOMPUTE_MAX), (int) Math.min(counts[1], PRECOMPUTE_MAX)};
  }

  /**
   * Client only, before {@link #setup}: asks the setup to also make {@code serverSends} COTs of the direction where
   * the server holds Delta and {@code clientSends} of the other (each capped at {@link #PRECOMPUTE_MAX}), so that a
   * session prepared before its input exists runs fewer silent-extension slices online. The COTs are this session's
   * alone and handed out once, as any other.
   */
  public void precompute(int serverSends, int clientSends) {
    if (first) {
      throw new IllegalStateException("the client asks for COTs in advance; the server follows its request");
    }
    if (mine != null) {
      throw new IllegalStateException("precompute must be asked for before setup");
    }
    if (serverSends < 0 || clientSends < 0) {
      throw new IllegalArgumentException("COT counts must be >= 0, got " + serverSends + ", " + clientSends);
    }
    this.preServerSends = serverSends;
    this.preClientSends = clientSends;
  }

  /** COTs handed out so far in the direction where this party holds Delta (0 before setup). */
  public long cotsTakenAsSender() {
    return mine == null ? 0 : mine.consumed();
  }

  /** COTs handed out so far in the direction where the peer holds Delta (0 before setup). */
  public long cotsTakenAsReceiver() {
    return theirs == null ? 0 : theirs.consumed();
  }

  /**
   * COTs that {@link #carve} handed to lanes and the lanes did not use (wiped, both directions of this party); they
   * are counted in {@link #cotsTakenAsSender} and {@link #cotsTakenAsReceiver} too.
   */
  public long cotsWastedInLanes() {
    return laneWaste;
  }

  /** OT instances (both directions of this party) that lanes ran on IKNP rows because their region ran short. */
  public long otsOverflowedInLanes() {
    return laneOverflow;
  }

  /** Whether {@link #setup} has run. */
  public boolean isSetUp() {
    return mine != null;
  }

  /** This party's end of its sender direction (for tests and statistics). */
  FerretCot senderEnd() {
    setup();
    return mine;
  }

  /** This party's end of its receiver direction (for tests and statistics). */
  FerretCot receiverEnd() {
    setup();
    return theirs;
  }

  // ------------------------------------------------------------------------------------------------- lanes

  /** Most COTs per direction that one {@link #carve} hands out (as one batch, {@link RowOt#checkCount}). */
  public static final int MAX_CARVE = 1 << 26;

  /**
   * Consecutive COTs of both directions, cut into one region per lane ({@link #carve}); each region is used by one
   * {@link FerretLane} and wiped by it.
   */
  public static final class Regions {
    private final long[] q; // this party's sender direction
    private final int[] qFrom; // region i is blocks [qFrom[i], qFrom[i + 1])
    private final long[] t; // this party's receiver direction
    private final int[] tFrom;

    private Regions(long[] q, int[] qFrom, long[] t, int[] tFrom) {
      this.q = q;
      this.qFrom = qFrom;
      this.t = t;
      this.tFrom = tFrom;
    }

    /** Number of regions (lanes). */
    public int size() {
      return qFrom.length - 1;
    }
  }

  /**
   * Takes the next sum(asSender) COTs of this party's sender direction and sum(asReceiver) of its receiver direction
   * and cuts each into consecutive regions, region i of {@code asSender[i]} and {@code asReceiver[i]} COTs, for lane
   * views ({@link #lane}); this object's cursors move past all of them. If the buffers are short, this is the normal
   * refill ({@link FerretCot#ensure}: this party's sender slices first, then the peer's, one round, in the
   * {@value #EXTEND_SCOPE} scope); otherwise it does not communicate. The peer calls it at the same point with the
   * two arrays swapped (its receiver direction is this party's sender direction).
   */
  public Regions carve(int[] asSender, int[] asReceiver) {
    if (asSender.length != asReceiver.length) {
      throw new IllegalArgumentException("carve: " + asSender.length + " sender quotas but " + asReceiver.length
          + " receiver quotas");
    }
    int[] qFrom = starts(asSender);
    int[] tFrom = starts(asReceiver);
    int nSend = qFrom[asSender.length];
    int nReceive = tFrom[asReceiver.length];
    setup();
    prepare(nSend, nReceive);
    return new Regions(mine.take(ch, nSend), qFrom, theirs.take(ch, nReceive), tFrom);
  }

  private static int[] starts(int[] quota) {
    int[] from = new int[quota.length + 1];
    long sum = 0;
    for (int i = 0; i < quota.length; i++) {
      if (quota[i] < 0) {
        throw new IllegalArgumentException("carve: negative quota " + quota[i] + " for lane " + i);
      }
      sum += quota[i];
      if (sum > MAX_CARVE) {
        throw new IllegalArgumentException("carve: more than " + MAX_CARVE + " COTs in one direction");
      }
      from[i + 1] = (int) sum;
    }
    return from;
  }

  /**
   * The view of region {@code index} of {@code regions} for lane {@code lane} ({@link org.sirnn.ot.OtLanes}) over
   * {@code laneCh}: Ferret COTs from its regions only, hash tweaks and (on overflow) IKNP PRG blocks from
   * {@link org.sirnn.ot.OtLanes#first}(lane) on. The peer makes the matching call for the same lane.
   */
  public FerretLane lane(Channel laneCh, long lane, Regions regions, int index) {
    setup();
    long firstBlock = org.sirnn.ot.OtLanes.first(lane);
    return new FerretLane(this, laneCh, firstBlock, mine.delta(),
        regions.q, regions.qFrom[index], regions.qFrom[index + 1],
        regions.t, regions.tFrom[index], regions.tFrom[index + 1],
        ikMine.lane(firstBlock), ikTheirs.lane(firstBlock));
  }

  /** A lane view has ended: {@code wasted} COTs of its regions were never used, {@code overflow} OTs ran on IKNP. */
  synchronized void laneEnded(long wasted, long overflow) {
    laneWaste += wasted;
    laneOverflow += overflow;
  }

  // --------------------------------------------------------------------------------------------- random COT

  /**
   * The next n random COTs of this party's sender direction: blocks q_i (2n longs); the peer calls
   * {@link #randomCotsAsReceiver}. Only the silent extension communicates.
   */
  public long[] randomCotsAsSender(int n) {
    checkCount(n);
    setup();
    return takeRandom(mine, n);
  }

  /** The next n random COTs of this party's receiver direction: blocks t_i, choice bit = bit 0 of t_i. */
  public long[] randomCotsAsReceiver(int n) {
    checkCount(n);
    setup();
    return takeRandom(theirs, n);
  }

  /** n COTs of one direction, slices written straight into the result, in {@value #EXTEND_SCOPE} if any runs. */
  @SuppressWarnings("try")
  private long[] takeRandom(FerretCot end, int n) {
    if (end.available() >= n) {
      return end.take(ch, n);
    }
    try (Traffic.Scope sc = ch.traffic().scope(EXTEND_SCOPE)) {
      return end.take(ch, n);
    }
  }

  /** Makes n COTs available in one direction, in the {@value #EXTEND_SCOPE} scope if that takes a refill. */
  @SuppressWarnings("try")
  private void extend(FerretCot end, int n) {
    if (end.available() >= n) {
      return;
    }
    try (Traffic.Scope sc = ch.traffic().scope(EXTEND_SCOPE)) {
      end.ensure(ch, n);
    }
  }

  /** Runs the silent extension both rows of a call need: this party's sender slices first, then the peer's. */
  @Override
  protected void prepare(int nSend, int nReceive) {
    extend(mine, nSend); // the peer receives these while it sends its own
    extend(theirs, nReceive);
  }

  /** Sender side of the choice correction: receives e (n bits), takes n COTs and applies q_i ^= e_i Delta. */
  @Override
  protected long[] senderRows(int n) {
    long[] e = ch.receiveBits(n);
    long[] q = mine.take(ch, n);
    applyCorrection(e, q, mine.delta(), n);
    return q;
  }

  /** Receiver side of the choice correction: takes n COTs and sends e_i = b_i xor x_i (n bits, flushed). */
  @Override
  protected long[] receiverRows(long[] choices, int n) {
    long[] t = theirs.take(ch, n);
    correctAsReceiver(ch, t, choices, n);
    return t;
  }

  @Override
  protected long[] senderOffset() {
    return mine.delta();
  }
}
