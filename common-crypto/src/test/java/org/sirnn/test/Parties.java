package org.sirnn.test;

import org.sirnn.mpc.Party;
import org.sirnn.ot.OtBackend;

/** Runs a two-party MPC test: each half gets its {@link Party} over a fresh in-memory channel pair. */
public final class Parties {

  /** One party's half. */
  @FunctionalInterface
  public interface Half<T> {
    T run(Party p) throws Exception;
  }

  private Parties() {}

  /** Runs both halves (server first in the result) on IKNP, failing after {@code seconds}. */
  public static <S, C> TwoParties.Results<S, C> run(Half<S> server, Half<C> client, int seconds) throws Exception {
    return run(OtBackend.IKNP, server, client, seconds);
  }

  /** Runs both halves (server first in the result) with both parties on {@code backend}. */
  public static <S, C> TwoParties.Results<S, C> run(OtBackend backend, Half<S> server, Half<C> client, int seconds)
      throws Exception {
    return TwoParties.inMemory(ch -> server.run(new Party(Party.Role.SERVER, ch, backend)),
        ch -> client.run(new Party(Party.Role.CLIENT, ch, backend)), seconds);
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

  /** The same half on both sides (it reads the role from the Party), on IKNP. */
  public static <T> TwoParties.Results<T, T> symmetric(Half<T> half, int seconds) throws Exception {
    return run(half, half, seconds);
  }

  /** The same half on both sides, both parties on {@code backend}. */
  public static <T> TwoParties.Results<T, T> symmetric(OtBackend backend, Half<T> half, int seconds)
      throws Exception {
    return run(backend, half, half, seconds);
  }
}
