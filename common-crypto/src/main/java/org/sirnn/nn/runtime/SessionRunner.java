package org.sirnn.nn.runtime;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import org.sirnn.mpc.Party;
import org.sirnn.mpc.WireGoal;
import org.sirnn.net.Channel;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.LinkCheck;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.ProtocolAbortException.Reason;
import org.sirnn.net.grpc.PartyLinkService;
import org.sirnn.nn.ops.Workers;
import org.sirnn.ot.OtBackend;
import org.sirnn.ot.ferret.FerretParams;
import org.sirnn.proto.Hello;
import org.sirnn.proto.SessionHeader;

/**
 * Runs one secure session of a served model, the same way for every kind: the client's hello carries the session
 * header (model, batch, plan fingerprint); the server checks it against its own plan before any protocol message
 * (an unknown model, a batch below 1 or a different fingerprint ends the session with INCOMPATIBLE, a batch above
 * the plan's per-session cap with LIMIT (RESOURCE_EXHAUSTED), each with a message saying which, on both sides), then
 * reserves the session's estimated memory ({@link ServedModel#sessionBytes}) against the server's budget and answers with its fingerprint, which the client checks again
 * ({@link org.sirnn.net.grpc.PartyLinkClient}), and a session asking for another OT backend than the server's
 * ({@link OtBackend}) or for more workers per party ({@code threads}, {@link ThreadsOption}) than the server's
 * {@code --threads} is refused the same way. The client also chooses the session's wire goal ({@code wire_goal},
 * {@link WireGoal}, {@link WireOption}): the server follows it (echoing it in its answer) and refuses an unknown one
 * (INCOMPATIBLE); both parties set it on their {@link Party} before setup. Then both run the base OTs
 * ({@link Party#setup}, scope "setup"), their halves of the model (which open one scope per layer) and the opening to the client.
 *
 * <p>The link-check diagnostic ({@link LinkCheck}) is a transport check, not a model: the server answers it without
 * a plan.
 */
public final class SessionRunner {
  private SessionRunner() {}

  /** The session header a client sends for {@code batch} samples of {@code m} on the default OT backend (IKNP). */
  public static SessionHeader header(ServedModel m, int batch) {
    return header(m, batch, OtBackend.IKNP);
  }

  /** The session header a client sends for {@code batch} samples of {@code m} on OT backend {@code ot}. */
  public static SessionHeader header(ServedModel m, int batch, OtBackend ot) {
    return header(m, batch, ot, 1);
  }

  /**
   * The session header a client sends for {@code batch} samples of {@code m} on OT backend {@code ot} with
   * {@code threads} workers per party ({@link ThreadsOption}; 1 is sent as 0, the field's default).
   */
  public static SessionHeader header(ServedModel m, int batch, OtBackend ot, int threads) {
    return header(m, batch, ot, threads, WireGoal.DEFAULT);
  }

  /**
   * As {@link #header(ServedModel, int, OtBackend, int)} with wire goal {@code wire} ({@link WireOption}; the default,
   * {@link WireGoal#DEFAULT}, is sent as "", the field's default, so such headers are those of older clients).
   */
  public static SessionHeader header(ServedModel m, int batch, OtBackend ot, int threads, WireGoal wire) {
    return SessionHeader.newBuilder().setBatch(batch).setPlanFingerprint(ByteString.copyFrom(m.plan().fingerprint()))
        .setOtBackend(OtOption.name(ot)).setThreads(threads > 1 ? Workers.check(threads) : 0)
        .setWireGoal(wire == WireGoal.DEFAULT ? "" : wire.label()).build();
  }

  /**
   * The wire goal a header asks for: its {@code wire_goal}, empty meaning {@link WireGoal#DEFAULT}; an unknown name is
   * a ProtocolAbortException (INCOMPATIBLE) naming it.
   */
  public static WireGoal wireGoal(SessionHeader h) {
    try {
      return WireGoal.parse(h.getWireGoal());
    } catch (IllegalArgumentException e) {
      throw new ProtocolAbortException(Reason.INCOMPATIBLE, "the client asked for " + e.getMessage());
    }
  }

  /**
   * A new session Party with the header's wire goal; with {@link WireGoal#BYTES} a Ferret session also runs the
   * preset with the fewest bytes per COT, {@link FerretParams.Preset#EMP_OT_B13} (b13 iterations only: 0.44 bits per
   * COT instead of the early b12 iterations' 0.82, for more CPU in the LPN encoding). Pooled sessions keep the
   * default preset whatever their goal: their setup runs before the header names it.
   */
  public static Party withGoal(Party p, WireGoal wire) {
    p.wireGoal(wire);
    if (wire == WireGoal.BYTES) {
      p.ferretPreset(FerretParams.Preset.EMP_OT_B13);
    }
    return p;
  }

  /** The worker count a header asks for: its {@code threads}, 0 meaning 1. */
  public static int threads(SessionHeader h) {
    return Math.max(1, h.getThreads());
  }

  /**
   * The client's half on a channel opened with {@link #header}: setup, the model's client half, the outputs
   * (batch x outputCols signed integers).
   */
  public static long[] runClient(Channel ch, ServedModel m, long[] input, int batch) {
    return runClient(ch, m, input, batch, OtBackend.IKNP);
  }

  /** As {@link #runClient(Channel, ServedModel, long[], int)} on OT backend {@code ot} (the header's). */
  public static long[] runClient(Channel ch, ServedModel m, long[] input, int batch, OtBackend ot) {
    return runClient(ch, m, input, batch, ot, 1);
  }

  /**
   * As {@link #runClient(Channel, ServedModel, long[], int, OtBackend)} with {@code threads} workers (the header's):
   * the large batched primitives run in up to that many lanes ({@link Workers}).
   */
  public static long[] runClient(Channel ch, ServedModel m, long[] input, int batch, OtBackend ot, int threads) {
    return runClient(ch, m, input, batch, ot, threads, WireGoal.DEFAULT);
  }

  /**
   * As {@link #runClient(Channel, ServedModel, long[], int, OtBackend, int)} with wire goal {@code wire} (the
   * header's), set on the client's Party before setup.
   */
  public static long[] runClient(Channel ch, ServedModel m, long[] input, int batch, OtBackend ot, int threads,
      WireGoal wire) {
    int b = m.plan().checkInput(input);
    if (b != batch) {
      throw new IllegalArgumentException(m.plan().name() + ": " + input.length + " input values are " + b
          + " samples, the session header says " + batch);
    }
    Party p = Workers.assign(withGoal(new Party(Party.Role.CLIENT, ch, ot), wire), threads);
    p.setup();
    return m.runClient(p, input, batch);
  }

  /** The server's half on a channel whose header was accepted: setup, then the model's server half. */
  public static void runServer(Channel ch, ServedModel m, int batch) {
    runServer(ch, m, batch, OtBackend.IKNP);
  }

  /** As {@link #runServer(Channel, ServedModel, int)} on OT backend {@code ot}. */
  public static void runServer(Channel ch, ServedModel m, int batch, OtBackend ot) {
    runServer(ch, m, batch, ot, 1);
  }

  /** As {@link #runServer(Channel, ServedModel, int, OtBackend)} with {@code threads} workers (the header's). */
  public static void runServer(Channel ch, ServedModel m, int batch, OtBackend ot, int threads) {
    runServer(ch, m, batch, ot, threads, WireGoal.DEFAULT);
  }

  /**
   * As {@link #runServer(Channel, ServedModel, int, OtBackend, int)} with wire goal {@code wire} (the header's), set
   * on the server's Party before setup.
   */
  public static void runServer(Channel ch, ServedModel m, int batch, OtBackend ot, int threads, WireGoal wire) {
    Party p = Workers.assign(withGoal(new Party(Party.Role.SERVER, ch, ot), wire), threads);
    p.setup();
    m.runServer(p, batch);
  }

  /** The server side on the default OT backend (IKNP): a {@link PartyLinkService.SessionHandler}. */
  public static PartyLinkService.SessionHandler server(ModelRepository models) {
    return server(models, OtBackend.IKNP);
  }

  /** The server side running OT backend {@code ot}; sessions asking for another backend are refused. */
  public static PartyLinkService.SessionHandler server(ModelRepository models, OtBackend ot) {
    return server(models, ot, 1);
  }

  /**
   * The server side running OT backend {@code ot} and at most {@code maxThreads} workers per session
   * ({@code --threads}): a session asking for more is refused (INCOMPATIBLE), one asking for fewer runs with its
   * own count (both parties must split alike).
   */
  public static PartyLinkService.SessionHandler server(ModelRepository models, OtBackend ot, int maxThreads) {
    return new ServerHandler(models, ot, Workers.check(maxThreads));
  }

  private record ServerHandler(ModelRepository models, OtBackend ot, int maxThreads)
      implements PartyLinkService.SessionHandler {
    @Override
    public SessionHeader accept(Hello hello) {
      String name = hello.getModel();
      if (name.equals(LinkCheck.MODEL)) {
        return SessionHeader.getDefaultInstance();
      }
      if (!models.contains(name)) {
        throw new ProtocolAbortException(Reason.INCOMPATIBLE, "no model named '" + name + "' on this server;"
            + " available: " + models.names());
      }
      ModelPlan plan = models.get(name).plan();
      int batch = hello.getHeader().getBatch();
      if (batch < 1) {
        throw new ProtocolAbortException(Reason.INCOMPATIBLE, "model " + name + ": batch " + batch + " below 1");
      }
      if (batch > plan.maxBatch()) {
        throw new ProtocolAbortException(Reason.LIMIT, "model " + name + ": batch " + batch + " exceeds this"
            + " server's per-session limit of " + plan.maxBatch() + " samples (" + plan.maxBatch() + " x "
            + plan.inputCols() + " input values)");
      }
      if (!MessageDigest.isEqual(plan.fingerprint(), hello.getHeader().getPlanFingerprint().toByteArray())) {
        throw new ProtocolAbortException(Reason.INCOMPATIBLE, "model " + name + ": the client's plan differs from"
            + " the server's (plan fingerprint " + hex(hello.getHeader().getPlanFingerprint().toByteArray())
            + " vs " + plan.shortFingerprint() + ": the parties load different model files or options)");
      }
      checkBackend("model " + name, hello.getHeader().getOtBackend());
      long threads = Integer.toUnsignedLong(hello.getHeader().getThreads());
      if (threads > maxThreads) {
        throw new ProtocolAbortException(Reason.INCOMPATIBLE, "model " + name + ": the client asked for " + threads
            + " threads per party, this server allows at most " + maxThreads + " (--threads)");
      }
      WireGoal wire;
      try {
        wire = WireGoal.parse(hello.getHeader().getWireGoal());
      } catch (IllegalArgumentException e) {
        throw new ProtocolAbortException(Reason.INCOMPATIBLE, "model " + name + ": the client asked for "
            + e.getMessage());
      }
      return header(models.get(name), batch, ot, threads(hello.getHeader()), wire);
    }

    @Override
    public SessionHeader acceptDeferred(Hello hello) {
      checkBackend("a pooled session", hello.getHeader().getOtBackend());
      return SessionHeader.newBuilder().setOtBackend(OtOption.name(ot)).build();
    }

    @Override
    public Object prepare(Hello hello, FrameChannel channel) {
      Party p = new Party(Party.Role.SERVER, channel, ot);
      p.setup();
      return p;
    }

    @Override
    public void run(Hello hello, FrameChannel channel, Object prepared) {
      if (!(prepared instanceof Party p) || hello.getModel().equals(LinkCheck.MODEL)) {
        throw new ProtocolAbortException(Reason.INCOMPATIBLE, "a pooled session must name a model");
      }
      Workers.assign(p.wireGoal(wireGoal(hello.getHeader())), threads(hello.getHeader()));
      models.get(hello.getModel()).runServer(p, hello.getHeader().getBatch());
    }

    private void checkBackend(String what, String asked) {
      if (!(asked.isEmpty() ? OtOption.name(OtBackend.IKNP) : asked).equals(OtOption.name(ot))) {
        throw new ProtocolAbortException(Reason.INCOMPATIBLE, what + ": the client asked for OT backend '"
            + OtOption.sanitise(asked) + "', this server runs '" + OtOption.name(ot) + "' (--ot)");
      }
    }

    @Override
    public long memoryBytes(Hello hello) {
      if (hello.getModel().equals(LinkCheck.MODEL)) {
        return LinkCheck.SESSION_BYTES;
      }
      return models.get(hello.getModel()).sessionBytes(hello.getHeader().getBatch());
    }

    @Override
    public void run(Hello hello, FrameChannel channel) {
      if (hello.getModel().equals(LinkCheck.MODEL)) {
        LinkCheck.serve(channel);
        return;
      }
      runServer(channel, models.get(hello.getModel()), hello.getHeader().getBatch(), ot, threads(hello.getHeader()),
          wireGoal(hello.getHeader()));
    }
  }

  private static String hex(byte[] b) {
    return b.length < 8 ? "(none)" : java.util.HexFormat.of().formatHex(b, 0, 8);
  }
}
