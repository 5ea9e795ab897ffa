package org.sirnn.mpc;

import java.security.SecureRandom;
import java.util.Objects;
import org.sirnn.net.Channel;
import org.sirnn.net.Traffic;
import org.sirnn.ot.ChosenOt;
import org.sirnn.ot.CorrelatedOt;
import org.sirnn.ot.OneOfNOt;
import org.sirnn.ot.OtBackend;
import org.sirnn.ot.RandomOt;
import org.sirnn.ot.ferret.FerretOt;
import org.sirnn.ot.iknp.IknpOt;
import org.sirnn.ot.kk13.Kk13Ot;
import org.sirnn.prg.Prg;

/**
 * One party's side of a secure session: its role, the channel to the peer, the OT engines in both directions and
 * its private randomness. Every secure operation takes a Party and this party's share; both parties call the same
 * operation with their own shares, and the role decides who sends what.
 *
 * <p>Roles follow the paper: the server (model owner) is P0 and the client (data owner) is P1. Randomness is per
 * session: a fresh {@link SecureRandom}-seeded {@link Prg} and fresh base OTs, so no share or pad is reused across
 * sessions.
 *
 * <p>OT backend ({@link OtBackend}, the same on both parties): {@link OtBackend#IKNP} (the default) runs IKNP for
 * correlated, random and chosen OT and KK13 for 1-out-of-N; {@link OtBackend#FERRET} runs all four interfaces on one
 * {@link FerretOt} per session (its state, Delta and buffered COTs are this Party's alone and die with it).
 */
public final class Party {

  /** Which party this is. */
  public enum Role {
    /** P0, the model owner. */
    SERVER,
    /** P1, the data owner. */
    CLIENT;

    public Role peer() {
      return this == SERVER ? CLIENT : SERVER;
    }
  }

  private final Role role;
  private final Channel ch;
  private final OtBackend backend;
  private final IknpOt iknp; // IKNP backend only
  private final Kk13Ot kk13; // IKNP backend only
  private final FerretOt ferret; // FERRET backend only
  private final Prg prg;

  /** A party on the default backend, {@link OtBackend#IKNP}. */
  public Party(Role role, Channel ch) {
    this(role, ch, OtBackend.IKNP);
  }

  /** A party whose OTs run on {@code backend}; the peer must use the same backend. */
  public Party(Role role, Channel ch, OtBackend backend) {
    this.role = role;
    this.ch = ch;
    this.backend = Objects.requireNonNull(backend, "backend");
    SecureRandom rnd = new SecureRandom();
    if (backend == OtBackend.FERRET) {
      this.iknp = null;
      this.kk13 = null;
      this.ferret = new FerretOt(ch, role == Role.SERVER, rnd);
    } else {
      this.iknp = new IknpOt(ch, role == Role.SERVER, rnd);
      this.kk13 = new Kk13Ot(ch, rnd);
      this.ferret = null;
    }
    this.prg = Prg.fresh();
  }

  /**
   * Runs the base OTs of every OT engine in both directions now (otherwise each runs on first use), so that setup
   * cost is accounted in its own scope ("setup") and the first operator is measured alone. With Ferret this is also
   * where the IKNP bootstrap and the bootstrap iteration run (see {@link FerretOt}). Both parties call it at the same
   * point.
   */
  @SuppressWarnings("try")
  public void setup() {
    try (Traffic.Scope sc = scope("setup")) {
      if (ferret != null) {
        ferret.setup();
        return;
      }
      iknp.setup();
      if (isServer()) {
        kk13.setupSender();
        kk13.setupReceiver();
      } else {
        kk13.setupReceiver();
        kk13.setupSender();
      }
    }
  }

  public Role role() {
    return role;
  }

  public boolean isServer() {
    return role == Role.SERVER;
  }

  /** 0 for the server (P0), 1 for the client (P1). */
  public int index() {
    return role == Role.SERVER ? 0 : 1;
  }

  public Channel channel() {
    return ch;
  }

  public Traffic traffic() {
    return ch.traffic();
  }

  /** Opens an accounting scope (use with try-with-resources). */
  public Traffic.Scope scope(String name) {
    return ch.traffic().scope(name);
  }

  /** The OT backend of this session. */
  public OtBackend backend() {
    return backend;
  }

  public CorrelatedOt cot() {
    return ferret != null ? ferret : iknp;
  }

  public RandomOt randomOt() {
    return ferret != null ? ferret : iknp;
  }

  public ChosenOt chosenOt() {
    return ferret != null ? ferret : iknp;
  }

  public OneOfNOt oneOfN() {
    return ferret != null ? ferret : kk13;
  }

  /** This party's private PRG (AES-CTR, seeded from SecureRandom for this session). */
  public Prg prg() {
    return prg;
  }

  /** n fresh private random values of l bits. */
  public long[] random(int n, int l) {
    long[] r = new long[n];
    prg.nextLongs(r, 0, n, l);
    return r;
  }

  /** n fresh private random bits, one per long (0 or 1). */
  public long[] randomBits(int n) {
    return random(n, 1);
  }
}
