package org.sirnn.mpc;

import java.security.SecureRandom;
import org.sirnn.net.Channel;
import org.sirnn.net.Traffic;
import org.sirnn.ot.ChosenOt;
import org.sirnn.ot.CorrelatedOt;
import org.sirnn.ot.OneOfNOt;
import org.sirnn.ot.RandomOt;
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
  private final IknpOt iknp;
  private final Kk13Ot kk13;
  private final Prg prg;

  public Party(Role role, Channel ch) {
    this.role = role;
    this.ch = ch;
    SecureRandom rnd = new SecureRandom();
    this.iknp = new IknpOt(ch, role == Role.SERVER, rnd);
    this.kk13 = new Kk13Ot(ch, rnd);
    this.prg = Prg.fresh();
  }

  /**
   * Runs the base OTs of every OT engine in both directions now (otherwise each runs on first use), so that setup
   * cost is accounted in its own scope ("setup") and the first operator is measured alone. Both parties call it at
   * the same point.
   */
  @SuppressWarnings("try")
  public void setup() {
    try (Traffic.Scope sc = scope("setup")) {
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

  public CorrelatedOt cot() {
    return iknp;
  }

  public RandomOt randomOt() {
    return iknp;
  }

  public ChosenOt chosenOt() {
    return iknp;
  }

  public OneOfNOt oneOfN() {
    return kk13;
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
