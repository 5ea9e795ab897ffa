package org.sirnn.test;

import org.sirnn.mpc.Party;

/** Runs a two-party MPC test: each half gets its {@link Party} over a fresh in-memory channel pair. */
public final class Parties {

  /** One party's half. */
  @FunctionalInterface
  public interface Half<T> {
    T run(Party p) throws Exception;
  }

  private Parties() {}

  /** Runs both halves (server first in the result), failing after {@code seconds}. */
  public static <S, C> TwoParties.Results<S, C> run(Half<S> server, Half<C> client, int seconds) throws Exception {
    return TwoParties.inMemory(ch -> server.run(new Party(Party.Role.SERVER, ch)),
        ch -> client.run(new Party(Party.Role.CLIENT, ch)), seconds);
  }

  /**
   * A ping-pong between the parties so that the next operation starts a fresh round on both sides: {@code first}
   * sends a bit and waits for the answer. Cost measurements call it before the measured run.
   */
  public static void roundBoundary(Party p, Party.Role first) {
    org.sirnn.net.Channel ch = p.channel();
    if (p.role() == first) {
      ch.sendLongs(new long[1], 1);
      ch.flush();
      ch.receiveLongs(1, 1);
    } else {
      ch.receiveLongs(1, 1);
      ch.sendLongs(new long[1], 1);
      ch.flush();
    }
  }

  /** The same half on both sides (it reads the role from the Party). */
  public static <T> TwoParties.Results<T, T> symmetric(Half<T> half, int seconds) throws Exception {
    return run(half, half, seconds);
  }
}
