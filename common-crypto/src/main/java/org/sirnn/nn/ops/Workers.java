package org.sirnn.nn.ops;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.sirnn.mpc.Party;

/**
 * The worker count of a session ({@code --threads N}, SCI's {@code nt}): how many lanes the session's large batched
 * primitives are split across ({@link SplitKernels}). The session runner assigns it to the session's {@link Party}
 * once both parties agreed on it (the session header's {@code threads}); every {@link SecureKernels} built on that
 * Party then splits, whoever builds it (a layer program, Google-30, Heads, an imported graph). A Party nobody
 * assigned a count to, a lane's Party included, has one worker.
 *
 * <p>Both parties must assign the same count: it decides the slices, and so which lane runs which message.
 */
public final class Workers {
  /** The most workers a session may ask for. */
  public static final int MAX = 64;

  private static final Map<Party, Integer> BY_PARTY = Collections.synchronizedMap(new WeakHashMap<>());

  private Workers() {}

  /** Gives {@code session} {@code workers} workers (1 to {@link #MAX}) and returns it. */
  public static Party assign(Party session, int workers) {
    check(workers);
    if (workers == 1) {
      BY_PARTY.remove(session);
    } else {
      BY_PARTY.put(session, workers);
    }
    return session;
  }

  /** The worker count assigned to {@code p}, 1 if none was. */
  public static int of(Party p) {
    Integer n = BY_PARTY.get(p);
    return n == null ? 1 : n;
  }

  /** Throws IllegalArgumentException unless 1 &lt;= workers &lt;= {@link #MAX}. */
  public static int check(int workers) {
    if (workers < 1 || workers > MAX) {
      throw new IllegalArgumentException("threads must be 1.." + MAX + ", got " + workers);
    }
    return workers;
  }
}
