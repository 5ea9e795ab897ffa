package org.sirnn.ot.ferret;

import java.util.Arrays;
import org.sirnn.net.Channel;
import org.sirnn.prg.Prg;
import org.sirnn.prg.Seed;

/**
 * One end of one direction of Ferret random COT (Yang-Weng-Lan-Zhang-Wang CCS 2020, Figure 7, primal LPN with
 * regular noise, semi-honest): the sender holds Delta and blocks q_i, the receiver t_i = q_i xor x_i Delta, where the
 * random choice bit x_i is bit 0 of t_i (bit 0 of q_i is 0 and bit 0 of Delta is 1). Produced COTs wait in a buffer
 * and a cursor hands each out exactly once ({@link #take}); handed-out blocks are wiped from the buffer.
 *
 * <p>Iterations: the first (bootstrap set) is seeded by IKNP rows; every iteration's last m outputs (m of the
 * successor's parameter set, {@link FerretParams.Preset#params}) are set aside as the seed of the next iteration, the others go to the buffer (so a successor's seed is
 * made only once an iteration is used up). An iteration is run lazily in
 * slices of whole trees ({@link #ensure}, {@link #take}): each slice costs one message from the sender, (2h + 1)
 * blocks per tree, then both ends expand the trees and apply the LPN code to the slice's positions, so memory stays
 * at a few slices whatever n is. Refills happen at the same point on both ends because both see the same sequence of
 * requests.
 *
 * <p>Every secret here is per object: Delta (from the IKNP base-OT choices), the GGM roots ({@link Prg#fresh()}),
 * the receiver's choices and the public code key ({@link Seed#fresh()}), so a session never shares state with
 * another. Not thread-safe: one protocol thread at a time.
 */
final class FerretCot {
  /** Tweak domain of the single-point COT hashes (the derandomisation tweaks count up from 0). */
  static final long SPCOT_TWEAKS = 1L << 62;

  /** COTs a refill produces for use at least (0.5 M), so that refills and their round stay rare. */
  static final int MIN_LEAVES = 1 << 19;

  /** Leaves per slice, the unit of work and of the sender's messages (64 Ki COTs, 1 MiB of blocks). */
  static final int SLICE_LEAVES = 1 << 16;

  /** Version of what both ends must do alike (parameter schedule, seed and output order), in the fingerprint. */
  static final String WIRE = "sirnn-java ferret wire 2";

  private final boolean sender;
  private final FerretParams.Preset preset;
  private final long[] delta; // sender only
  private final Prg roots; // sender only
  private final byte[] codeKey;

  private FerretParams cur;
  private int iteration;
  private int tree;
  private long[] seed;
  private long[] next; // the successor's seed, params(iteration + 1).m() blocks
  private int nextM;
  private int nextFill;

  private long[] buf;
  private long[] pending; // the COTs of the next take(pendingN), prepared by ensure
  private int pendingN;
  private long[] scratch = new long[0]; // one slice's outputs, reused
  private final long[] keystream = new long[LpnCode.scratchLongs(SLICE_LEAVES)]; // the LPN code's positions
  private int cursor;
  private int limit;
  private long produced;
  private long consumed;
  private long slices;

  private FerretCot(boolean sender, FerretParams.Preset preset, long[] delta, byte[] codeKey, long[] rows) {
    this.sender = sender;
    this.preset = preset;
    this.delta = delta;
    this.roots = sender ? Prg.fresh() : null;
    this.codeKey = codeKey;
    this.cur = preset.params(0);
    this.seed = rows;
    this.nextM = preset.params(1).m();
    this.next = new long[2 * nextM];
    this.buf = new long[2 * (cur.n() - nextM)]; // what the bootstrap leaves for use, without growing in steps
  }

  /**
   * The Delta holder's end, bootstrapped from IKNP rows q (at least {@code preset.bootstrap().m()} of them) with
   * offset {@code delta} (bit 0 set): clears bit 0 of the rows, draws the public code key, sends it and the whole
   * bootstrap iteration's message. The peer calls {@link #receiver} at the same point. {@code rows} is wiped.
   */
  static FerretCot sender(Channel ch, long[] delta, long[] rows, FerretParams.Preset preset) {
    if ((delta[0] & 1) == 0) {
      throw new IllegalArgumentException("Ferret needs bit 0 of Delta set");
    }
    long[] q = Arrays.copyOf(rows, 2 * preset.bootstrap().m());
    Arrays.fill(rows, 0L);
    for (int i = 0; i < q.length; i += 2) {
      q[i] &= ~1L;
    }
    byte[] key = Seed.fresh();
    long[] keyBlock = new long[4]; // the code key, then the fingerprint of this end's schedule
    for (int b = 0; b < 16; b++) {
      keyBlock[b >>> 3] |= (key[b] & 0xffL) << (8 * (b & 7));
    }
    long[] fp = fingerprint(preset);
    keyBlock[2] = fp[0];
    keyBlock[3] = fp[1];
    ch.sendBlocks(keyBlock, 0, 2);
    FerretCot f = new FerretCot(true, preset, delta.clone(), key, q);
    f.runIteration(ch);
    return f;
  }

  /**
   * The choosing end, bootstrapped from IKNP rows t for the choice bits {@code choices} (bit i of word i/64): sets
   * bit 0 of each row to its choice, receives the code key and the bootstrap iteration. {@code rows} and
   * {@code choices} are wiped.
   */
  static FerretCot receiver(Channel ch, long[] rows, long[] choices, FerretParams.Preset preset) {
    long[] t = Arrays.copyOf(rows, 2 * preset.bootstrap().m());
    Arrays.fill(rows, 0L);
    for (int i = 0; i < t.length / 2; i++) {
      t[2 * i] = (t[2 * i] & ~1L) | ((choices[i >>> 6] >>> (i & 63)) & 1L);
    }
    Arrays.fill(choices, 0L);
    long[] keyBlock = new long[4];
    ch.receiveBlocks(keyBlock, 0, 2);
    long[] fp = fingerprint(preset);
    if (keyBlock[2] != fp[0] || keyBlock[3] != fp[1]) {
      throw new IllegalStateException("the peer runs another Ferret schedule than this party's " + preset.name()
          + " (wire " + WIRE + "): both parties need the same sirnn-java Ferret version and preset");
    }
    byte[] key = new byte[16];
    for (int b = 0; b < 16; b++) {
      key[b] = (byte) (keyBlock[b >>> 3] >>> (8 * (b & 7)));
    }
    FerretCot f = new FerretCot(false, preset, null, key, t);
    f.runIteration(ch);
    return f;
  }

  /**
   * 128 bits of SHA-256 over {@link #WIRE} and the preset's parameter sets: the Delta holder sends it with the code
   * key, and the peer refuses to go on if its own differs (instead of computing wrong COTs without noticing).
   */
  static long[] fingerprint(FerretParams.Preset preset) {
    StringBuilder sb = new StringBuilder(WIRE).append('|').append(preset.name()).append('|')
        .append(preset.earlyIterations());
    for (FerretParams p : new FerretParams[] {preset.bootstrap(), preset.early(), preset.main()}) {
      sb.append('|').append(p == null ? "-" : p.n() + "," + p.k() + "," + p.t() + "," + p.h());
    }
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256")
          .digest(sb.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(d).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      return new long[] {bb.getLong(0), bb.getLong(8)};
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** Delta as {lo, hi} (a copy); sender only. */
  long[] delta() {
    if (!sender) {
      throw new IllegalStateException("only the Ferret sender holds Delta");
    }
    return delta.clone();
  }

  /** COTs ready to take without communication: the buffer's and those of a prepared batch. */
  int available() {
    return limit - cursor + (pending == null ? 0 : pendingN);
  }

  /** COTs in the buffer alone. */
  private int buffered() {
    return limit - cursor;
  }

  /** COTs made available for use so far (to the buffer or straight to a take): all outputs but the seeds. */
  long produced() {
    return produced;
  }

  /** COTs handed out so far. */
  long consumed() {
    return consumed;
  }

  /** Slices run so far (one sender message each). */
  long slices() {
    return slices;
  }

  /** Iterations started so far, the bootstrap iteration included. */
  int iterations() {
    return iteration + 1;
  }

  /**
   * Makes at least n COTs available. If the buffer is short this is a refill: slices run until the deficit and at
   * least {@link #MIN_LEAVES} COTs in all have been added (so refills, and their round, stay rare); the sender sends
   * and flushes each slice's message, the receiver receives them, all in one round. Both ends call it with the same n
   * at the same point. The n COTs of a refill are written straight into the array that the next {@code take(n)}
   * returns (the buffer's COTs first), so a large batch is neither copied twice nor kept in a buffer of its size.
   */
  void ensure(Channel ch, int n) {
    if (available() >= n) {
      return;
    }
    unstash();
    long[] out = new long[2 * n];
    int got = fromBuffer(out, n);
    refill(ch, n - got, out, got);
    pending = out;
    pendingN = n;
  }

  /**
   * Makes at least n COTs available in the buffer (an offline phase: the setup of a prepared session), with the
   * same refill as {@link #ensure}; nothing when n is 0 or already buffered. Both ends call it with the same n.
   */
  void stock(Channel ch, int n) {
    unstash();
    if (buffered() < n) {
      refill(ch, n - buffered(), null, 0);
    }
  }

  /**
   * Hands out the next n COTs: 2n longs, block i = q_i (sender) or t_i (receiver), refilling as {@link #ensure}
   * would, with the slices' outputs written straight into the result. What is handed out is wiped from the buffer,
   * so no COT is handed out twice.
   */
  long[] take(Channel ch, int n) {
    if (pending != null && pendingN == n) {
      long[] out = pending;
      pending = null;
      pendingN = 0;
      consumed += n;
      return out;
    }
    unstash();
    long[] out = new long[2 * n];
    int got = fromBuffer(out, n);
    if (got < n) {
      refill(ch, n - got, out, got);
    }
    consumed += n;
    return out;
  }

  /** Moves up to n buffered COTs to the front of {@code out}, wiping them from the buffer; returns how many. */
  private int fromBuffer(long[] out, int n) {
    int got = Math.min(n, buffered());
    System.arraycopy(buf, 2 * cursor, out, 0, 2 * got);
    Arrays.fill(buf, 2 * cursor, 2 * (cursor + got), 0L);
    cursor += got;
    return got;
  }

  /** Puts a prepared batch that a take of another size did not claim back in front of the buffer, in order. */
  private void unstash() {
    if (pending == null) {
      return;
    }
    final int keep = buffered();
    long[] b = new long[2 * (pendingN + keep)];
    System.arraycopy(pending, 0, b, 0, 2 * pendingN);
    System.arraycopy(buf, 2 * cursor, b, 2 * pendingN, 2 * keep);
    Arrays.fill(pending, 0L);
    Arrays.fill(buf, 0L);
    buf = b;
    cursor = 0;
    limit = pendingN + keep;
    pending = null;
    pendingN = 0;
  }

  /**
   * Runs slices until {@code deficit} COTs went to {@code dst} (from block {@code dstOff}; or to the buffer if
   * {@code dst} is null) and at least {@link #MIN_LEAVES} were produced for use in all, crossing into the next
   * iteration when one ends.
   */
  private void refill(Channel ch, int deficit, long[] dst, int dstOff) {
    int covered = 0; // of the deficit: in dst, or in the buffer when there is no dst
    long made = 0; // COTs produced for use in this refill
    while (covered < deficit || made < MIN_LEAVES) {
      int before = buffered();
      int d = slice(ch, dst, dstOff + covered, dst == null ? 0 : deficit - covered);
      int buffered = buffered() - before;
      made += d + buffered;
      covered += dst == null ? buffered : d;
    }
  }

  /** Runs the rest of the current iteration (the bootstrap at construction); outputs to the next seed, the buffer. */
  private void runIteration(Channel ch) {
    while (tree < cur.t()) {
      slice(ch, null, 0, 0);
    }
  }

  /**
   * Runs the next slice: up to {@link #SLICE_LEAVES} leaves of whole trees of the current iteration (starting the
   * next iteration first if this one is done). Outputs at positions below n - m' of the iteration (m' the
   * successor's {@link FerretParams#m()}) go up to {@code dstMax} of them to {@code dst} from block {@code dstOff},
   * the rest to the buffer; the last m' outputs of the iteration are the successor's seed. So the seed is made only when an
   * iteration is used up, and a session that stops within an iteration never pays for a successor it does not run.
   * Returns how many went to {@code dst}. A slice is small enough that the LPN code's random reads hit a seed that
   * stays in cache.
   */
  private int slice(Channel ch, long[] dst, int dstOff, int dstMax) {
    if (tree == cur.t()) {
      if (nextFill != nextM) {
        throw new IllegalStateException("Ferret iteration ended without its successor's seed");
      }
      iteration++;
      cur = preset.params(iteration);
      long[] used = seed; // wiped when its iteration ended
      seed = next;
      nextM = preset.params(iteration + 1).m();
      next = used.length == 2 * nextM ? used : new long[2 * nextM];
      nextFill = 0;
      tree = 0;
    }
    final int h = cur.h();
    final int g = Math.min(cur.t() - tree, Math.max(1, SLICE_LEAVES >>> h));
    final int count = g << h;
    if (scratch.length < 2 * count) {
      scratch = new long[2 * count];
    }
    final long[] out = scratch;
    final int cotOff = cur.k() + tree * h;
    final long tw = SPCOT_TWEAKS | ((long) iteration << 32) | ((long) tree * h);
    if (sender) {
      Spcot.send(ch, h, g, delta, seed, cotOff, tw, roots, out);
      ch.flush(); // the receiver can expand this slice while the next one is computed here
    } else {
      Spcot.receive(ch, h, g, seed, cotOff, tw, out);
    }
    slices++;
    LpnCode.encode(out, 0, (long) tree << h, count, seed, cur.k(), codeKey, iteration, keystream);
    final long first = (long) tree << h;
    final long seedFrom = (long) cur.n() - nextM;
    tree += g;
    final int forUse = (int) Math.max(0, Math.min(count, seedFrom - first));
    final int toDst = Math.min(forUse, dstMax);
    if (toDst > 0) {
      System.arraycopy(out, 0, dst, 2 * dstOff, 2 * toDst);
    }
    append(out, toDst, forUse - toDst);
    produced += toDst;
    final int toSeed = count - forUse;
    System.arraycopy(out, 2 * forUse, next, 2 * nextFill, 2 * toSeed);
    nextFill += toSeed;
    Arrays.fill(out, 0, 2 * count, 0L);
    if (tree == cur.t()) {
      Arrays.fill(seed, 0L); // this iteration's seed is used up
    }
    return toDst;
  }

  /** Appends blocks [from, from + n) of {@code src} to the buffer (grown geometrically), dropping what was taken. */
  private void append(long[] src, int from, int n) {
    final int keep = limit - cursor;
    if (buf.length < 2 * (keep + n)) {
      long[] b = new long[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * buf.length, 2L * (keep + n)))];
      System.arraycopy(buf, 2 * cursor, b, 0, 2 * keep);
      Arrays.fill(buf, 0L);
      buf = b;
      cursor = 0;
      limit = keep;
    } else if (2 * (limit + n) > buf.length) {
      System.arraycopy(buf, 2 * cursor, buf, 0, 2 * keep);
      Arrays.fill(buf, 2 * keep, 2 * limit, 0L);
      cursor = 0;
      limit = keep;
    }
    System.arraycopy(src, 2 * from, buf, 2 * limit, 2 * n);
    limit += n;
    produced += n;
  }
}
