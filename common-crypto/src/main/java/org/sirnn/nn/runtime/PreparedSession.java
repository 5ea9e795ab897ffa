package org.sirnn.nn.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import org.sirnn.mpc.Party;
import org.sirnn.mpc.WireGoal;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.Traffic;
import org.sirnn.net.grpc.PartyLinkClient;
import org.sirnn.nn.ops.Workers;
import org.sirnn.ot.OtBackend;
import org.sirnn.ot.ferret.FerretOt;

/**
 * A session with server-party whose input-independent part already ran: the offline phase of the offline/online
 * split (issue 18). {@link #open} starts a session with a deferred header, and both parties run their setup (base OTs
 * in both directions; with Ferret also the IKNP bootstrap, the bootstrap iteration and as many silent-extension
 * COTs per direction as the last sessions used, see {@link #ferretAdvance}) before any input exists;
 * {@link #run} then sends the model's session header (checked by the server as any other) and runs the online part
 * of one inference. A prepared session serves exactly one inference: its correlations belong to that session only
 * and are never reused ({@link #run} twice throws). The server waits for the header at most its
 * {@code --session-timeout} (60 s by default), so a pool must use or replace a prepared session before then
 * ({@link #ageMillis}).
 */
public final class PreparedSession implements AutoCloseable {
  /** Sessions whose Ferret use sizes the next advance request. */
  private static final int REMEMBERED = 4;

  /** Ferret COTs used per direction by the last sessions of this JVM, {server-sends, client-sends}, newest last. */
  private static final Deque<long[]> FERRET_USE = new ArrayDeque<>();

  private final String id;
  private final FrameChannel channel;
  private final Party party;
  private final OtBackend ot;
  private final int threads;
  private final WireGoal wire;
  private final long createdNanos;
  private final double setupMillis;
  private final Traffic.Stats setup;
  private boolean used;
  private volatile boolean headerAccepted;

  private PreparedSession(String id, FrameChannel channel, Party party, OtBackend ot, int threads, WireGoal wire,
      double setupMillis) {
    this.id = id;
    this.channel = channel;
    this.party = party;
    this.ot = ot;
    this.threads = threads;
    this.wire = wire;
    this.setupMillis = setupMillis;
    Traffic t = channel.traffic();
    this.setup = new Traffic.Stats(t.bytesSent(), t.bytesReceived(), t.rounds(), (long) (setupMillis * 1e6), 1);
    this.createdNanos = System.nanoTime();
  }

  /**
   * Opens a session on {@code grpc} and runs the setup now.
   *
   * @param sessionDeadline the gRPC deadline of the whole session: time in the pool plus the inference
   */
  public static PreparedSession open(io.grpc.Channel grpc, OtBackend ot, FrameChannel.Options options,
      Duration sessionDeadline) {
    return open(grpc, ot, 1, options, sessionDeadline);
  }

  /**
   * As {@link #open(io.grpc.Channel, OtBackend, FrameChannel.Options, Duration)}; the inference will ask for
   * {@code threads} workers per party (its header's {@code threads}, {@link ThreadsOption}).
   */
  public static PreparedSession open(io.grpc.Channel grpc, OtBackend ot, int threads, FrameChannel.Options options,
      Duration sessionDeadline) {
    return open(grpc, ot, threads, WireGoal.DEFAULT, options, sessionDeadline);
  }

  /**
   * As {@link #open(io.grpc.Channel, OtBackend, int, FrameChannel.Options, Duration)}; the inference's header asks
   * for wire goal {@code wire} ({@link WireOption}), which the client's Party takes now.
   */
  public static PreparedSession open(io.grpc.Channel grpc, OtBackend ot, int threads, WireGoal wire,
      FrameChannel.Options options, Duration sessionDeadline) {
    Workers.check(threads);
    java.util.Objects.requireNonNull(wire, "wire");
    String id = UUID.randomUUID().toString();
    long t0 = System.nanoTime();
    FrameChannel ch = PartyLinkClient.openDeferred(grpc, id, OtOption.name(ot), options, sessionDeadline);
    try {
      Party p = new Party(Party.Role.CLIENT, ch, ot).wireGoal(wire);
      if (p.cot() instanceof FerretOt f) {
        long[] ask = ferretAdvance();
        f.precompute((int) Math.min(ask[0], FerretOt.PRECOMPUTE_MAX),
            (int) Math.min(ask[1], FerretOt.PRECOMPUTE_MAX));
      }
      p.setup();
      ch.flush();
      return new PreparedSession(id, ch, p, ot, threads, wire, (System.nanoTime() - t0) / 1e6);
    } catch (RuntimeException e) {
      ch.abort(e);
      throw e;
    }
  }

  /**
   * The online part: sends the session header of {@code batch} samples of {@code m}, runs the client's half and
   * returns the opened outputs; closes the session. Once only.
   */
  public synchronized long[] run(ServedModel m, long[] input, int batch) {
    if (used) {
      throw new IllegalStateException("prepared session " + id + " was used already (one inference per session)");
    }
    used = true;
    int b = m.plan().checkInput(input);
    if (b != batch) {
      throw new IllegalArgumentException(m.plan().name() + ": " + input.length + " input values are " + b
          + " samples, the session header says " + batch);
    }
    PartyLinkClient.header(channel, id, m.plan().name(), SessionRunner.header(m, batch, ot, threads, wire));
    headerAccepted = true;
    Workers.assign(party, threads);
    long[] out = m.runClient(party, input, batch);
    channel.close();
    if (party.cot() instanceof FerretOt f) {
      rememberFerretUse(f.cotsTakenAsReceiver(), f.cotsTakenAsSender());
    }
    return out;
  }

  /**
   * The Ferret COTs per direction, {server-sends, client-sends}, that the next prepared session asks its setup to
   * make in advance: the most that any of the last {@value #REMEMBERED} inferences of this JVM used (0 before the
   * first), so a pool serving one model prepares what that model consumes and the online part runs (almost) no
   * silent-extension slices. Over-asking only costs offline time and memory; under-asking leaves refills online.
   */
  public static long[] ferretAdvance() {
    synchronized (FERRET_USE) {
      long[] most = new long[2];
      for (long[] u : FERRET_USE) {
        most[0] = Math.max(most[0], u[0]);
        most[1] = Math.max(most[1], u[1]);
      }
      return most;
    }
  }

  private static void rememberFerretUse(long serverSends, long clientSends) {
    synchronized (FERRET_USE) {
      FERRET_USE.addLast(new long[] {serverSends, clientSends});
      while (FERRET_USE.size() > REMEMBERED) {
        FERRET_USE.removeFirst();
      }
    }
  }

  /**
   * Whether the server accepted this session's header: before that, a failed {@link #run} used nothing of the input
   * (e.g. the server had given up on a stale session) and the caller may open another session.
   */
  public boolean headerAccepted() {
    return headerAccepted;
  }

  /** The session id (for logs). */
  public String id() {
    return id;
  }

  /** The session's channel (its traffic: setup first, then the online part). */
  public FrameChannel channel() {
    return channel;
  }

  /** The OT backend of this session. */
  public OtBackend ot() {
    return ot;
  }

  /** The workers per party this session's inference asks for. */
  public int threads() {
    return threads;
  }

  /** The wire goal this session's inference asks for (its header's {@code wire_goal}). */
  public WireGoal wire() {
    return wire;
  }

  /** How long the offline part took (connect, hello, setup). */
  public double setupMillis() {
    return setupMillis;
  }

  /** Bytes and rounds of the offline part. */
  public Traffic.Stats setupTraffic() {
    return setup;
  }

  /** Time since the setup finished. */
  public long ageMillis() {
    return (System.nanoTime() - createdNanos) / 1_000_000;
  }

  /** Ends an unused session (the server frees its slot). */
  @Override
  public synchronized void close() {
    if (!used) {
      used = true;
      channel.abort(new IllegalStateException("prepared session " + id + " retired unused"));
    }
  }
}
