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
 * <p>Iterations: the first (bootstrap set) is seeded by IKNP rows; every iteration's first {@code main.m()} outputs
 * are set aside as the seed of the next (main-set) iteration, the rest go to the buffer. An iteration is run lazily in
 * slices of whole trees ({@link #refill}): each slice costs one message from the sender, (2h + 1) blocks per tree,
 * then both ends expand the trees and apply the LPN code to the slice's positions, so memory stays at a few slices
 * whatever n is. Refills happen at the same point on both ends because both see the same sequence of requests.
 *
 * <p>Every secret here is per object: Delta (from the IKNP base-OT choices), the GGM roots ({@link Prg#fresh()}),
 * the receiver's choices and the public code key ({@link Seed#fresh()}), so a session never shares state with
 * another. Not thread-safe: one protocol thread at a time.
 */
final class FerretCot {
  /** Tweak domain of the single-point COT hashes (the derandomisation tweaks count up from 0). */
  static final long SPCOT_TWEAKS = 1L << 62;

  /** Leaves per refill at least (0.5 M COTs), unless the iteration ends first. */
  static final int MIN_LEAVES = 1 << 19;

  /** Leaves per refill at most (1 M COTs, 16 MiB of blocks). */
  static final int MAX_LEAVES = 1 << 20;

  private final boolean sender;
  private final FerretParams.Preset preset;
  private final long[] delta; // sender only
  private final Prg roots; // sender only
  private final byte[] codeKey;

  private FerretParams cur;
  private int iteration;
  private int tree;
  private long[] seed;
  private long[] next;
  private int nextFill;

  private long[] buf = new long[0];
  private int cursor;
  private int limit;
  private long produced;
  private long consumed;
  private long tweaks;
  private long messages;

  private FerretCot(boolean sender, FerretParams.Preset preset, long[] delta, byte[] codeKey, long[] rows) {
    this.sender = sender;
    this.preset = preset;
    this.delta = delta;
    this.roots = sender ? Prg.fresh() : null;
    this.codeKey = codeKey;
    this.cur = preset.bootstrap();
    this.seed = rows;
    this.next = new long[2 * preset.main().m()];
  }

  /**
   * The Delta holder's end, bootstrapped from IKNP rows q (at least {@code preset.bootstrap().m()} of them) with
   * offset {@code delta} (bit 0 set): clears bit 0 of the rows, draws the public code key, sends it and the whole
   * bootstrap iteration's message. The peer calls {@link #receiver} at the same point.
   */
  static FerretCot sender(Channel ch, long[] delta, long[] rows, FerretParams.Preset preset) {
    if ((delta[0] & 1) == 0) {
      throw new IllegalArgumentException("Ferret needs bit 0 of Delta set");
    }
    long[] q = Arrays.copyOf(rows, 2 * preset.bootstrap().m());
    for (int i = 0; i < q.length; i += 2) {
      q[i] &= ~1L;
    }
    byte[] key = Seed.fresh();
    long[] keyBlock = new long[2];
    for (int b = 0; b < 16; b++) {
      keyBlock[b >>> 3] |= (key[b] & 0xffL) << (8 * (b & 7));
    }
    ch.sendBlocks(keyBlock, 0, 1);
    FerretCot f = new FerretCot(true, preset, delta.clone(), key, q);
    f.runIteration(ch);
    return f;
  }

  /**
   * The choosing end, bootstrapped from IKNP rows t for the choice bits {@code choices} (bit i of word i/64): sets
   * bit 0 of each row to its choice, receives the code key and the bootstrap iteration.
   */
  static FerretCot receiver(Channel ch, long[] rows, long[] choices, FerretParams.Preset preset) {
    long[] t = Arrays.copyOf(rows, 2 * preset.bootstrap().m());
    for (int i = 0; i < t.length / 2; i++) {
      t[2 * i] = (t[2 * i] & ~1L) | ((choices[i >>> 6] >>> (i & 63)) & 1L);
    }
    long[] keyBlock = new long[2];
    ch.receiveBlocks(keyBlock, 0, 1);
    byte[] key = new byte[16];
    for (int b = 0; b < 16; b++) {
      key[b] = (byte) (keyBlock[b >>> 3] >>> (8 * (b & 7)));
    }
    FerretCot f = new FerretCot(false, preset, null, key, t);
    f.runIteration(ch);
    return f;
  }

  boolean isSender() {
    return sender;
  }

  /** Delta as {lo, hi} (a copy); sender only. */
  long[] delta() {
    if (!sender) {
      throw new IllegalStateException("only the Ferret sender holds Delta");
    }
    return delta.clone();
  }

  /** COTs in the buffer, ready to take without communication. */
  int available() {
    return limit - cursor;
  }

  /** COTs added to the buffer so far (every iteration's output minus the seeds set aside). */
  long produced() {
    return produced;
  }

  /** COTs handed out so far. */
  long consumed() {
    return consumed;
  }

  /** Refill messages so far (the sender's; each is one slice of an iteration). */
  long refills() {
    return messages;
  }

  /** Iterations started so far, the bootstrap iteration included. */
  int iterations() {
    return iteration + 1;
  }

  /** Reserves {@code count} fresh hash tweaks of this direction (both ends in the same order). */
  long takeTweaks(long count) {
    long t = tweaks;
    tweaks += count;
    return t;
  }

  /**
   * Makes at least n COTs available, running slices of iterations as needed: the sender sends (and flushes) their
   * messages, the receiver receives them. Both ends call it with the same n at the same point.
   */
  void ensure(Channel ch, int n) {
    while (available() < n) {
      refill(ch, n - available());
    }
  }

  /**
   * Hands out the next n COTs (ensuring them first): 2n longs, block i = q_i (sender) or t_i (receiver). The
   * buffer's copy is wiped, so no COT is handed out twice.
   */
  long[] take(Channel ch, int n) {
    ensure(ch, n);
    long[] out = new long[2 * n];
    System.arraycopy(buf, 2 * cursor, out, 0, 2 * n);
    Arrays.fill(buf, 2 * cursor, 2 * (cursor + n), 0L);
    cursor += n;
    consumed += n;
    return out;
  }

  /** Runs the rest of the current iteration (the bootstrap at construction). */
  private void runIteration(Channel ch) {
    while (tree < cur.t()) {
      slice(ch, cur.t() - tree);
    }
  }

  /** One slice sized for {@code want} more COTs (at least {@link #MIN_LEAVES} leaves, at most {@link #MAX_LEAVES}). */
  void refill(Channel ch, int want) {
    if (tree == cur.t()) {
      if (nextFill != preset.main().m()) {
        throw new IllegalStateException("Ferret iteration ended without its successor's seed");
      }
      cur = preset.main();
      seed = next;
      next = new long[2 * preset.main().m()];
      nextFill = 0;
      tree = 0;
      iteration++;
    }
    int leaves = cur.leaves();
    long need = (long) preset.main().m() - nextFill + want;
    long trees = (Math.max(need, MIN_LEAVES) + leaves - 1) / leaves;
    trees = Math.min(trees, Math.max(1, MAX_LEAVES / leaves));
    slice(ch, (int) Math.min(trees, cur.t() - tree));
  }

  /** Trees [tree, tree + g) of the current iteration: SPCOT, LPN code, then to the next seed and the buffer. */
  private void slice(Channel ch, int g) {
    final int h = cur.h();
    final int count = g << h;
    final long[] out = new long[2 * count];
    final int cotOff = cur.k() + tree * h;
    final long tw = SPCOT_TWEAKS | ((long) iteration << 32) | ((long) tree * h);
    if (sender) {
      Spcot.send(ch, h, g, delta, seed, cotOff, tw, roots, out);
      ch.flush(); // the receiver can expand this slice while the next one is computed here
    } else {
      Spcot.receive(ch, h, g, seed, cotOff, tw, out);
    }
    messages++;
    LpnCode.encode(out, 0, (long) tree << h, count, seed, cur.k(), codeKey, iteration);
    tree += g;
    int toSeed = Math.min(count, preset.main().m() - nextFill);
    System.arraycopy(out, 0, next, 2 * nextFill, 2 * toSeed);
    nextFill += toSeed;
    append(out, toSeed, count - toSeed);
    if (tree == cur.t()) {
      Arrays.fill(seed, 0L); // this iteration's seed is used up
    }
  }

  /** Appends blocks [from, from + n) of {@code src} to the buffer, dropping what was handed out. */
  private void append(long[] src, int from, int n) {
    int keep = limit - cursor;
    if (buf.length < 2 * (keep + n)) {
      long[] b = new long[2 * (keep + n)];
      System.arraycopy(buf, 2 * cursor, b, 0, 2 * keep);
      Arrays.fill(buf, 0L);
      buf = b;
    } else if (cursor > 0) {
      System.arraycopy(buf, 2 * cursor, buf, 0, 2 * keep);
      Arrays.fill(buf, 2 * keep, 2 * limit, 0L);
    }
    System.arraycopy(src, 2 * from, buf, 2 * keep, 2 * n);
    cursor = 0;
    limit = keep + n;
    produced += n;
  }
}
