package org.sirnn.nn.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.math.MathFunction;
import org.sirnn.mpc.Party;
import org.sirnn.mpc.WireGoal;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.grpc.PartyLinkService;
import org.sirnn.nn.model.Architecture;
import org.sirnn.nn.model.ArchitecturesSecureTest;
import org.sirnn.nn.model.FloatModel;
import org.sirnn.nn.model.GruNet;
import org.sirnn.nn.model.LstmNet;
import org.sirnn.nn.model.ModelSpec;
import org.sirnn.nn.ops.RealTensor;
import org.sirnn.nn.quant.Quantiser;
import org.sirnn.ot.OtBackend;
import org.sirnn.proto.Hello;
import org.sirnn.proto.SessionHeader;
import org.sirnn.test.LoopbackGrpc;

/**
 * The session header over real gRPC: a session runs only when model, batch and plan fingerprint agree; otherwise it
 * ends before any protocol message with INCOMPATIBLE on both sides, and the message says which check failed. The
 * header's wire goal reaches both parties' Party objects; an unknown one is refused.
 */
@Timeout(120)
class SessionRunnerTest {

  private static Quantiser.Quantised gru() {
    FloatModel m = ArchitecturesSecureTest.randomModel("gru", GruNet.KIND, Map.of("steps", 2, "features", 3,
        "hidden", 4, "classes", 2));
    Architecture a = m.architecture();
    return Quantiser.quantise(m, new RealTensor(ArchitecturesSecureTest.randomInputs(8, a.inputCols(), 1), 8,
        a.inputCols()), Quantiser.Options.defaults());
  }

  /** Records the server's failures, as server-party's metrics do. */
  private static final class Recording implements PartyLinkService.SessionHandler {
    final PartyLinkService.SessionHandler inner;
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    Recording(PartyLinkService.SessionHandler inner) {
      this.inner = inner;
    }

    @Override
    public SessionHeader accept(Hello hello) {
      return inner.accept(hello);
    }

    @Override
    public void run(Hello hello, FrameChannel channel) throws Exception {
      inner.run(hello, channel);
    }

    @Override
    public void failed(Hello hello, Throwable cause) {
      failures.add(cause);
    }
  }

  @Test
  void samePlanRunsAndEqualsTheTwin() throws Exception {
    Quantiser.Quantised q = gru();
    LayerProgramModel server = new LayerProgramModel(q.spec(), q.weights(), null);
    LayerProgramModel client = new LayerProgramModel(q.spec(), null, null);
    long[] x = {5, -3, 100, 7, 0, -1, 9, 2, -40, 3, 3, 1};
    try (LoopbackGrpc link = new LoopbackGrpc(SessionRunner.server(ModelRepository.of(server)),
        FrameChannel.Options.defaults())) {
      FrameChannel ch = link.open("gru", SessionRunner.header(client, 2));
      long[] y = SessionRunner.runClient(ch, client, x, 2);
      ch.close();
      assertArrayEquals(server.twin(x, 2), y);
    }
  }

  @Test
  void differentPlanEndsTheSessionOnBothSides() throws Exception {
    Quantiser.Quantised q = gru();
    ModelSpec s = q.spec();
    Map<String, Integer> ops = new LinkedHashMap<>(s.opScales());
    ops.put("h", ops.get("h") - 1); // one op scale differs: a different plan
    ModelSpec other = new ModelSpec(s.name(), s.kind(), s.description(), s.dims(), s.bits(), s.inputScale(),
        s.tensors(), ops, s.labels());
    Recording server = new Recording(SessionRunner.server(ModelRepository.of(new LayerProgramModel(s, q.weights(),
        null))));
    LayerProgramModel client = new LayerProgramModel(other, null, null);
    try (LoopbackGrpc link = new LoopbackGrpc(server, FrameChannel.Options.defaults())) {
      ProtocolAbortException e = assertThrows(ProtocolAbortException.class,
          () -> link.open("gru", SessionRunner.header(client, 1)));
      assertEquals(ProtocolAbortException.Reason.PEER_ERROR, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("plan differs") && e.getMessage().contains("fingerprint"), e.getMessage());
      waitFor(server);
      ProtocolAbortException local = (ProtocolAbortException) server.failures.get(0);
      assertEquals(ProtocolAbortException.Reason.INCOMPATIBLE, local.reason());
    }
  }

  @Test
  void batchOutsideThePlanAndUnknownModelsAreRefused() throws Exception {
    MathFunctionModel sigmoid = MathFunctionModel.of(MathFunction.SIGMOID, 16, 12, 12, 8);
    Recording server = new Recording(SessionRunner.server(ModelRepository.of(sigmoid)));
    try (LoopbackGrpc link = new LoopbackGrpc(server, FrameChannel.Options.defaults())) {
      ProtocolAbortException big = assertThrows(ProtocolAbortException.class,
          () -> link.open(sigmoid.plan().name(), SessionRunner.header(sigmoid, 9)));
      assertTrue(big.getMessage().contains("batch 9 exceeds this server's per-session limit of 8"), big.getMessage());
      assertEquals(ProtocolAbortException.Reason.LIMIT, big.reason(), big.getMessage());
      ProtocolAbortException unknown = assertThrows(ProtocolAbortException.class,
          () -> link.open("no-such-model", SessionRunner.header(sigmoid, 1)));
      assertTrue(unknown.getMessage().contains("no model named 'no-such-model'"), unknown.getMessage());
      // the server is still fine: a correct session runs
      FrameChannel ch = link.open(sigmoid.plan().name(), SessionRunner.header(sigmoid, 3));
      long[] x = {0, 4096, -4096};
      assertArrayEquals(sigmoid.twin(x, 3), SessionRunner.runClient(ch, sigmoid, x, 3));
      ch.close();
    }
  }

  /** 64 tanh inputs at scale 12 across [-5.5, 5.3]. */
  private static long[] tanhInputs() {
    long[] x = new long[64];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i - 32) * 700L;
    }
    return x;
  }

  @Test
  void theOtBackendIsPartOfTheHeader_ferretRunsTheSameModel_aMismatchIsRefused() throws Exception {
    MathFunctionModel tanh = MathFunctionModel.of(MathFunction.TANH, 16, 12, 12, 64);
    long[] x = tanhInputs();
    Recording server = new Recording(SessionRunner.server(ModelRepository.of(tanh), OtBackend.FERRET));
    try (LoopbackGrpc link = new LoopbackGrpc(server, FrameChannel.Options.defaults())) {
      FrameChannel ch = link.open(tanh.plan().name(), SessionRunner.header(tanh, x.length, OtBackend.FERRET));
      assertArrayEquals(tanh.twin(x, x.length), SessionRunner.runClient(ch, tanh, x, x.length, OtBackend.FERRET));
      ch.close();
      ProtocolAbortException e = assertThrows(ProtocolAbortException.class,
          () -> link.open(tanh.plan().name(), SessionRunner.header(tanh, x.length, OtBackend.IKNP)));
      assertTrue(e.getMessage().contains("asked for OT backend 'iknp', this server runs 'ferret'"), e.getMessage());
      waitFor(server);
      assertEquals(ProtocolAbortException.Reason.INCOMPATIBLE,
          ((ProtocolAbortException) server.failures.get(0)).reason());
    }
  }

  /** A model whose halves record the wire goal of the Party they run on. */
  private record GoalSpy(ServedModel inner, List<WireGoal> client, List<WireGoal> server) implements ServedModel {
    GoalSpy(ServedModel inner) {
      this(inner, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    }

    @Override
    public ModelPlan plan() {
      return inner.plan();
    }

    @Override
    public boolean hasWeights() {
      return inner.hasWeights();
    }

    @Override
    public long[] runClient(Party p, long[] input, int batch) {
      client.add(p.wireGoal());
      return inner.runClient(p, input, batch);
    }

    @Override
    public void runServer(Party p, int batch) {
      server.add(p.wireGoal());
      inner.runServer(p, batch);
    }

    @Override
    public long[] twin(long[] input, int batch) {
      return inner.twin(input, batch);
    }

    @Override
    public long[] encode(double[] input) {
      return inner.encode(input);
    }
  }

  @Test
  void theHeaderCarriesTheWireGoal_theDefaultAsEmpty() {
    MathFunctionModel m = MathFunctionModel.of(MathFunction.TANH, 16, 12, 12, 8);
    SessionHeader bytes = SessionRunner.header(m, 4, OtBackend.IKNP, 1, WireGoal.BYTES);
    SessionHeader balanced = SessionRunner.header(m, 4, OtBackend.IKNP, 1, WireGoal.BALANCED);
    assertEquals("bytes", bytes.getWireGoal());
    assertEquals("rounds", SessionRunner.header(m, 4, OtBackend.IKNP, 1, WireGoal.ROUNDS).getWireGoal());
    assertEquals("", balanced.getWireGoal(), "the default is the field's default, empty");
    assertEquals(SessionRunner.header(m, 4, OtBackend.IKNP, 1), balanced, "older headers stay byte-identical");
    assertArrayEquals(SessionRunner.header(m, 4).toByteArray(),
        SessionRunner.header(m, 4, OtBackend.IKNP, 1, WireGoal.DEFAULT).toByteArray());
    assertEquals(bytes.getPlanFingerprint(), balanced.getPlanFingerprint(), "the goal is not in the plan");
    assertEquals(WireGoal.BYTES, SessionRunner.wireGoal(bytes));
    assertEquals(WireGoal.BALANCED, SessionRunner.wireGoal(balanced));
    ProtocolAbortException e = assertThrows(ProtocolAbortException.class,
        () -> SessionRunner.wireGoal(bytes.toBuilder().setWireGoal("fastest").build()));
    assertEquals(ProtocolAbortException.Reason.INCOMPATIBLE, e.reason());
    assertTrue(e.getMessage().contains("unknown wire goal 'fastest'"), e.getMessage());
    WireOption.Converter c = new WireOption.Converter();
    assertEquals(WireGoal.ROUNDS, c.convert("Rounds"));
    assertEquals(WireGoal.BYTES, c.convert("bytes"));
    assertThrows(picocli.CommandLine.TypeConversionException.class, () -> c.convert(""));
    assertThrows(picocli.CommandLine.TypeConversionException.class, () -> c.convert("fast"));
    assertEquals(WireGoal.DEFAULT, new WireOption().goal());
  }

  @Test
  void aBytesSessionSetsTheGoalOnBothParties_andEqualsTheTwin_alsoPrepared() throws Exception {
    Quantiser.Quantised q = gru();
    GoalSpy server = new GoalSpy(new LayerProgramModel(q.spec(), q.weights(), null));
    GoalSpy client = new GoalSpy(new LayerProgramModel(q.spec(), null, null));
    long[] x = {5, -3, 100, 7, 0, -1, 9, 2, -40, 3, 3, 1};
    try (LoopbackGrpc link = new LoopbackGrpc(SessionRunner.server(ModelRepository.of(server)),
        FrameChannel.Options.defaults())) {
      FrameChannel ch = link.open("gru", SessionRunner.header(client, 2, OtBackend.IKNP, 1, WireGoal.BYTES));
      long[] y = SessionRunner.runClient(ch, client, x, 2, OtBackend.IKNP, 1, WireGoal.BYTES);
      ch.close();
      assertArrayEquals(server.twin(x, 2), y);
      try (PreparedSession s = PreparedSession.open(link.client, OtBackend.IKNP, 1, WireGoal.ROUNDS,
          FrameChannel.Options.defaults(), Duration.ofMinutes(2))) {
        assertEquals(WireGoal.ROUNDS, s.wire());
        assertArrayEquals(server.twin(x, 2), s.run(client, x, 2));
      }
      FrameChannel plain = link.open("gru", SessionRunner.header(client, 2));
      assertArrayEquals(server.twin(x, 2), SessionRunner.runClient(plain, client, x, 2));
      plain.close();
      for (int i = 0; i < 100 && server.server().size() < 3; i++) {
        Thread.sleep(50);
      }
      assertEquals(List.of(WireGoal.BYTES, WireGoal.ROUNDS, WireGoal.DEFAULT), client.client());
      assertEquals(List.of(WireGoal.BYTES, WireGoal.ROUNDS, WireGoal.DEFAULT), server.server(),
          "the server follows the client's header, also in a prepared session");
    }
  }

  /**
   * Ferret with {@code --wire bytes}: both parties run the fewer-bytes preset (b13 only) after the header, so setup's
   * schedule fingerprint agrees and the outputs equal the twin; a pooled session (setup before the header) keeps the
   * default preset on both sides whatever its goal and runs too.
   */
  @Test
  void ferretBytesSessions_runTheB13Preset_onBothSides_pooledOnesTheDefault() throws Exception {
    MathFunctionModel tanh = MathFunctionModel.of(MathFunction.TANH, 16, 12, 12, 64);
    long[] x = tanhInputs();
    FrameChannel unused = new FrameChannel(org.sirnn.net.InMemoryTransport.pair()[1], FrameChannel.Options.defaults());
    for (WireGoal goal : WireGoal.values()) {
      org.sirnn.mpc.Party p = SessionRunner.withGoal(
          new org.sirnn.mpc.Party(org.sirnn.mpc.Party.Role.CLIENT, unused, OtBackend.FERRET), goal);
      assertEquals(goal == WireGoal.BYTES ? org.sirnn.ot.ferret.FerretParams.Preset.EMP_OT_B13
          : org.sirnn.ot.ferret.FerretParams.Preset.defaults(), p.ferretPreset());
    }
    try (LoopbackGrpc link = new LoopbackGrpc(SessionRunner.server(ModelRepository.of(tanh), OtBackend.FERRET),
        FrameChannel.Options.defaults())) {
      FrameChannel ch = link.open(tanh.plan().name(),
          SessionRunner.header(tanh, x.length, OtBackend.FERRET, 1, WireGoal.BYTES));
      assertArrayEquals(tanh.twin(x, x.length),
          SessionRunner.runClient(ch, tanh, x, x.length, OtBackend.FERRET, 1, WireGoal.BYTES));
      ch.close();
      try (PreparedSession s = PreparedSession.open(link.client, OtBackend.FERRET, 1, WireGoal.BYTES,
          FrameChannel.Options.defaults(), Duration.ofMinutes(2))) {
        assertArrayEquals(tanh.twin(x, x.length), s.run(tanh, x, x.length));
      }
    }
  }

  @Test
  void anUnknownWireGoalIsRefused_andTheClientChecksTheEcho() throws Exception {
    MathFunctionModel tanh = MathFunctionModel.of(MathFunction.TANH, 16, 12, 12, 8);
    Recording server = new Recording(SessionRunner.server(ModelRepository.of(tanh)));
    try (LoopbackGrpc link = new LoopbackGrpc(server, FrameChannel.Options.defaults())) {
      SessionHeader odd = SessionRunner.header(tanh, 3).toBuilder().setWireGoal("fastest").build();
      ProtocolAbortException e = assertThrows(ProtocolAbortException.class,
          () -> link.open(tanh.plan().name(), odd));
      assertTrue(e.getMessage().contains("unknown wire goal 'fastest'"), e.getMessage());
      waitFor(server);
      ProtocolAbortException local = (ProtocolAbortException) server.failures.get(0);
      assertEquals(ProtocolAbortException.Reason.INCOMPATIBLE, local.reason());
      assertTrue(local.getMessage().contains("unknown wire goal 'fastest'"), local.getMessage());
    }
    // a server that does not echo the goal (an older one) is refused by the client
    PartyLinkService.SessionHandler old = new PartyLinkService.SessionHandler() {
      final PartyLinkService.SessionHandler inner = SessionRunner.server(ModelRepository.of(tanh));

      @Override
      public SessionHeader accept(Hello hello) {
        return inner.accept(hello).toBuilder().clearWireGoal().build();
      }

      @Override
      public void run(Hello hello, FrameChannel channel) throws Exception {
        inner.run(hello, channel);
      }
    };
    try (LoopbackGrpc link = new LoopbackGrpc(old, FrameChannel.Options.defaults())) {
      ProtocolAbortException e = assertThrows(ProtocolAbortException.class, () -> link.open(tanh.plan().name(),
          SessionRunner.header(tanh, 3, OtBackend.IKNP, 1, WireGoal.BYTES)));
      assertEquals(ProtocolAbortException.Reason.INCOMPATIBLE, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("asked for wire goal 'bytes', the server answered 'balanced'"),
          e.getMessage());
      FrameChannel ch = link.open(tanh.plan().name(), SessionRunner.header(tanh, 3));
      long[] x = {0, 4096, -4096};
      assertArrayEquals(tanh.twin(x, 3), SessionRunner.runClient(ch, tanh, x, 3));
      ch.close();
    }
  }

  @Test
  void otOptionParsesBothNamesAndRefusesOthers() {
    assertEquals(OtBackend.FERRET, OtOption.parse("Ferret"));
    assertEquals(OtBackend.IKNP, OtOption.parse("iknp"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OtOption.parse("silent"));
    assertTrue(e.getMessage().contains("iknp or ferret"), e.getMessage());
  }

  @Test
  void fingerprintIgnoresDescriptionAndLabelsButNotScales() {
    FloatModel m = ArchitecturesSecureTest.randomModel("lstm", LstmNet.KIND, Map.of("steps", 2, "features", 3,
        "hidden", 4, "classes", 2));
    Architecture a = m.architecture();
    ModelSpec s = Quantiser.quantise(m, new RealTensor(ArchitecturesSecureTest.randomInputs(8, a.inputCols(), 1), 8,
        a.inputCols()), Quantiser.Options.defaults()).spec();
    ModelSpec relabelled = new ModelSpec(s.name(), s.kind(), "another description", s.dims(), s.bits(),
        s.inputScale(), s.tensors(), s.opScales(), List.of("a", "b"));
    ModelSpec rescaled = new ModelSpec(s.name(), s.kind(), s.description(), s.dims(), s.bits(), s.inputScale() - 1,
        s.tensors(), s.opScales(), s.labels());
    assertArrayEquals(s.fingerprint(), relabelled.fingerprint());
    assertFalse(java.util.Arrays.equals(s.fingerprint(), rescaled.fingerprint()));
  }

  @Test
  void mathPlansDifferByBitsAndScales() {
    byte[] a = MathFunctionModel.of(MathFunction.TANH, 16, 12, 12, 8).plan().fingerprint();
    assertFalse(java.util.Arrays.equals(a, MathFunctionModel.of(MathFunction.TANH, 16, 12, 11, 8).plan()
        .fingerprint()));
    assertFalse(java.util.Arrays.equals(a, MathFunctionModel.of(MathFunction.SIGMOID, 16, 12, 12, 8).plan()
        .fingerprint()));
    assertArrayEquals(a, MathFunctionModel.of(MathFunction.TANH, 16, 12, 12, 99).plan().fingerprint());
  }

  @Test
  void clientChecksItsInputAgainstThePlan() {
    MathFunctionModel exp = new MathFunctionModel("exp-q12", MathFunction.EXP, 16, 12, 12, 0, 4, "e^x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SessionRunner.runClient(null, exp, new long[] {1}, 1));
    assertTrue(e.getMessage().contains("outside [-32768, 0]"), e.getMessage());
    IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
        () -> SessionRunner.runClient(null, exp, new long[5], 5));
    assertTrue(many.getMessage().contains("at most 4"), many.getMessage());
  }

  private static void waitFor(Recording r) throws InterruptedException {
    for (int i = 0; i < 100 && r.failures.isEmpty(); i++) {
      Thread.sleep(50);
    }
    assertFalse(r.failures.isEmpty(), "the server recorded the refused session");
  }
}
