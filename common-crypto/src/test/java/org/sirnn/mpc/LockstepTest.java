package org.sirnn.mpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.sirnn.math.Sigmoid;
import org.sirnn.math.Tanh;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.Traffic;
import org.sirnn.ot.OtBackend;
import org.sirnn.test.Inputs;
import org.sirnn.test.Parties;
import org.sirnn.test.TwoParties;

/**
 * {@link Party#parallel}: independent operations in lanes give exactly the results of running them one after the
 * other, in the rounds of the longest, with the bytes of both; lane scopes keep their own bytes and rounds.
 */
class LockstepTest {

  private static final int N = 200;

  /** Sigmoid (scope "sigmoid") and tanh (scope "tanh") of one party's 16-bit shares, as two independent tasks. */
  static List<Function<Party, long[]>> sigmoidAndTanh(long[] xs, long[] xt) {
    Function<Party, long[]> sig = q -> {
      try (Traffic.Scope sc = q.scope("sigmoid")) {
        return Sigmoid.sigmoid(q, xs, 16, 9, 16, 14);
      }
    };
    Function<Party, long[]> tanh = q -> {
      try (Traffic.Scope sc = q.scope("tanh")) {
        return Tanh.tanh(q, xt, 16, 9, 16, 9);
      }
    };
    return List.of(sig, tanh);
  }

  /** Result of one party: outputs of sigmoid and tanh, the session's rounds and bytes, the scopes. */
  record Run(long[] sig, long[] tanh, long rounds, long bytes, Map<String, Traffic.Stats> scopes, Traffic traffic) {}

  private static Run run(Party p, long[] xs, long[] xt, boolean lockstep) {
    Parties.roundBoundary(p, Party.Role.SERVER);
    p.setup();
    long r0 = p.traffic().rounds();
    long b0 = p.traffic().bytesSent() + p.traffic().bytesReceived();
    List<Function<Party, long[]>> ts = sigmoidAndTanh(xs, xt);
    List<long[]> out;
    try (Traffic.Scope sc = p.scope("cell")) {
      out = lockstep ? p.parallel(ts) : List.of(ts.get(0).apply(p), ts.get(1).apply(p));
    }
    return new Run(out.get(0), out.get(1), p.traffic().rounds() - r0,
        p.traffic().bytesSent() + p.traffic().bytesReceived() - b0, p.traffic().snapshot(), p.traffic());
  }

  private static TwoParties.Results<Run, Run> both(OtBackend backend, long[][] s, long[][] t, boolean lockstep)
      throws Exception {
    return Parties.run(backend, p -> run(p, s[0], t[0], lockstep), p -> run(p, s[1], t[1], lockstep), 120);
  }

  @Test
  void sigmoidAndTanhInLanes_equalTheSequentialRun_inTheRoundsOfTheLonger() throws Exception {
    Random rnd = new Random(7);
    long[][] s = Inputs.sharedWithEdges(rnd, N, 16);
    long[][] t = Inputs.sharedWithEdges(rnd, N, 16);
    TwoParties.Results<Run, Run> seq = both(OtBackend.IKNP, s, t, false);
    TwoParties.Results<Run, Run> par = both(OtBackend.IKNP, s, t, true);

    assertArrayEquals(Inputs.open(seq.server().sig(), seq.client().sig(), 16),
        Inputs.open(par.server().sig(), par.client().sig(), 16));
    assertArrayEquals(Inputs.open(seq.server().tanh(), seq.client().tanh(), 16),
        Inputs.open(par.server().tanh(), par.client().tanh(), 16));

    Map<String, Traffic.Stats> seqScopes = seq.client().scopes();
    Map<String, Traffic.Stats> parScopes = par.client().scopes();
    long sigRounds = seqScopes.get("cell/sigmoid").rounds();
    long tanhRounds = seqScopes.get("cell/tanh").rounds();
    assertEquals(seq.client().rounds(), sigRounds + tanhRounds);
    // each operator in its lane reports the rounds of its own chain, as alone: the same for the first, and up to one
    // apart for the second (alone it starts where the first ended, and a first message of the party that sent last
    // shares that round)
    assertEquals(sigRounds, parScopes.get("cell/sigmoid").rounds());
    assertTrue(Math.abs(tanhRounds - parScopes.get("cell/tanh").rounds()) <= 1);
    // the layer (and the session) costs the longer chain, not the sum
    long longer = Math.max(parScopes.get("cell/sigmoid").rounds(), parScopes.get("cell/tanh").rounds());
    assertTrue(par.client().rounds() >= longer && par.client().rounds() <= longer + 1,
        "lockstep rounds " + par.client().rounds() + " vs longer lane " + longer);
    assertEquals(par.client().rounds(), parScopes.get("cell").rounds());
    assertEquals(par.server().rounds(), par.client().rounds());
    // bytes: the operators' own (up to OT rounding) plus a few bytes of framing per lane and round
    long seqBytes = seq.client().bytes();
    long parBytes = par.client().bytes();
    assertTrue(Math.abs(parBytes - seqBytes) < 40 * longer, "bytes " + parBytes + " vs sequential " + seqBytes);
    // the layer's bytes are the sum of its operators' plus the lane framing
    long opBytes = parScopes.get("cell/sigmoid").bytes() + parScopes.get("cell/tanh").bytes();
    assertTrue(parScopes.get("cell").bytes() >= opBytes && parScopes.get("cell").bytes() - opBytes < 40 * longer);
    // every byte on the wire is in some scope: the session's total is the layer's plus what ran before it
    assertEquals(par.client().bytes(), parScopes.get("cell").bytes());

    // metrics: the layer's rounds count once (sum by layer = the physical rounds); the operators' own chains are
    // exported apart
    io.micrometer.core.instrument.simple.SimpleMeterRegistry reg = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    new org.sirnn.metrics.SessionMetrics(reg, "client").record("m", par.client().traffic());
    double layerRounds = reg.find("sirnn.protocol.rounds").tag("layer", "cell").counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    assertEquals(parScopes.get("cell").rounds(), (long) layerRounds);
    double laneRounds = reg.find("sirnn.protocol.lane.rounds").tag("layer", "cell").counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    assertEquals(parScopes.get("cell/sigmoid").rounds() + parScopes.get("cell/tanh").rounds(), (long) laneRounds);
    double layerBytes = reg.find("sirnn.protocol.sent").tag("layer", "cell").counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    assertEquals(parScopes.get("cell").bytesSent(), (long) layerBytes);
  }

  @Test
  void ferretRunsTheFirstForkAtASiteInSequence_withTheSameResults() throws Exception { // later ones: FerretLanesTest
    Random rnd = new Random(8);
    long[][] s = Inputs.sharedWithEdges(rnd, 64, 16);
    long[][] t = Inputs.sharedWithEdges(rnd, 64, 16);
    TwoParties.Results<Run, Run> seq = both(OtBackend.FERRET, s, t, false);
    TwoParties.Results<Run, Run> par = both(OtBackend.FERRET, s, t, true);
    assertArrayEquals(Inputs.open(seq.server().sig(), seq.client().sig(), 16),
        Inputs.open(par.server().sig(), par.client().sig(), 16));
    assertArrayEquals(Inputs.open(seq.server().tanh(), seq.client().tanh(), 16),
        Inputs.open(par.server().tanh(), par.client().tanh(), 16));
    assertEquals(seq.client().rounds(), par.client().rounds());
  }

  @Test
  void manyLanesOfDifferentLengths_andLanesOneAfterAnother() throws Exception {
    Random rnd = new Random(9);
    int lanes = 5;
    long[][][] x = Inputs.perLane(rnd, lanes, 50, 30, 16);
    Parties.Half<long[][]> half = p -> {
      long[][] out = new long[2 * lanes][];
      for (int rep = 0; rep < 2; rep++) { // two groups in a row: fresh lane numbers, fresh OT ranges
        List<Function<Party, long[]>> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < lanes; i++) {
          long[] mine = x[i][p.index()];
          int lane = i;
          tasks.add(q -> lane % 2 == 0 ? Sigmoid.sigmoid(q, mine, 16, 9, 16, 14)
              : lane == 1 ? mine.clone() // a lane without messages
              : Tanh.tanh(q, mine, 16, 9, 16, 9));
        }
        List<long[]> r = p.parallel(tasks);
        for (int i = 0; i < lanes; i++) {
          out[rep * lanes + i] = r.get(i);
        }
      }
      return out;
    };
    TwoParties.Results<long[][], long[][]> res = Parties.symmetric(half, 120);
    Parties.Half<long[][]> alone = p -> {
      long[][] out = new long[lanes][];
      for (int i = 0; i < lanes; i++) {
        long[] mine = x[i][p.index()];
        out[i] = i % 2 == 0 ? Sigmoid.sigmoid(p, mine, 16, 9, 16, 14)
            : i == 1 ? mine.clone() : Tanh.tanh(p, mine, 16, 9, 16, 9);
      }
      return out;
    };
    TwoParties.Results<long[][], long[][]> ref = Parties.symmetric(alone, 120);
    for (int rep = 0; rep < 2; rep++) {
      for (int i = 0; i < lanes; i++) {
        assertArrayEquals(Inputs.open(ref.server()[i], ref.client()[i], 16),
            Inputs.open(res.server()[rep * lanes + i], res.client()[rep * lanes + i], 16), "lane " + i);
      }
    }
  }

  @Test
  void aLaneThatFails_endsTheSessionOnBothSides_withoutHanging() {
    Random rnd = new Random(10);
    long[][] s = Inputs.sharedWithEdges(rnd, 64, 16);
    Parties.Half<Object> half = p -> p.parallel(List.<Function<Party, long[]>>of(
        q -> Sigmoid.sigmoid(q, s[q.index()], 16, 9, 16, 14),
        q -> {
          if (q.isServer()) {
            throw new IllegalStateException("bad weights in lane 1");
          }
          return Tanh.tanh(q, s[q.index()], 16, 9, 16, 9);
        }));
    Exception e = assertThrows(Exception.class, () -> Parties.run(
        (Parties.Half<Object>) p -> {
          try {
            return half.run(p);
          } catch (RuntimeException ex) {
            p.channel().abort(ex);
            throw ex;
          }
        },
        half, 60));
    assertTrue(e instanceof IllegalStateException || e instanceof ProtocolAbortException, e.toString());
  }
}
