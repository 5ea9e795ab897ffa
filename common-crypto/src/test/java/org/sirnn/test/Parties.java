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

  /** The same half on both sides (it reads the role from the Party). */
  public static <T> TwoParties.Results<T, T> symmetric(Half<T> half, int seconds) throws Exception {
    return run(half, half, seconds);
  }
}
