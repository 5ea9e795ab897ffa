package org.sirnn.mpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.sirnn.math.Sigmoid;
import org.sirnn.math.Tanh;
import org.sirnn.net.Traffic;
import org.sirnn.ot.OtBackend;
import org.sirnn.ot.ferret.FerretLane;
import org.sirnn.ot.ferret.FerretOt;
import org.sirnn.test.Inputs;
import org.sirnn.test.Parties;
import org.sirnn.test.TwoParties;

/**
 * {@link Party#parallel} on Ferret: the first fork at a call site runs in turn and records each task's COTs, later
 * forks there run in lanes on regions of that size ({@link FerretOt#carve}, {@link FerretLane}), with the results of
 * the sequential run, in the rounds of the longer task; a lane that needs more than its region runs the call on IKNP
 * rows, still correct.
 */
class FerretLanesTest {

  /** One fork of one party: the outputs, its rounds and bytes, and the session's scopes after it. */
  record Fork(long[] sig, long[] tanh, long rounds, long bytes, Map<String, Traffic.Stats> scopes, long wasted,
      long overflowed) {}

  /** Sigmoid and tanh of one party's shares, as two tasks. */
  private static List<Function<Party, long[]>> tasks(long[] xs, long[] xt) {
    return LockstepTest.sigmoidAndTanh(xs, xt);
  }

  /** Forks sigmoid | tanh once per input pair, always at the same call site, each fork in its own scope. */
  private static List<Fork> forks(Party p, long[][][] s, long[][][] t) {
    p.setup();
    FerretOt f = (FerretOt) p.cot();
    List<Fork> out = new ArrayList<>();
    for (int rep = 0; rep < s.length; rep++) {
      Parties.roundBoundary(p, Party.Role.SERVER);
      long r0 = p.traffic().rounds();
      long b0 = p.traffic().bytesSent() + p.traffic().bytesReceived();
      List<long[]> r;
      try (Traffic.Scope sc = p.scope("fork" + rep)) {
        r = p.parallel(tasks(s[rep][p.index()], t[rep][p.index()])); // the one call site
      }
      out.add(new Fork(r.get(0), r.get(1), p.traffic().rounds() - r0,
          p.traffic().bytesSent() + p.traffic().bytesReceived() - b0, p.traffic().snapshot(),
          f.cotsWastedInLanes(), f.otsOverflowedInLanes()));
    }
    return out;
  }

  private static TwoParties.Results<List<Fork>, List<Fork>> run(long[][][] s, long[][][] t) throws Exception {
    return Parties.symmetric(OtBackend.FERRET, p -> forks(p, s, t), 120);
  }

  /** The opened sigmoid and tanh of running the two one after the other without forking (its own session). */
  private static long[][] reference(long[][] s, long[][] t) throws Exception {
    TwoParties.Results<long[][], long[][]> r = Parties.symmetric(OtBackend.FERRET, p -> {
      List<Function<Party, long[]>> ts = tasks(s[p.index()], t[p.index()]);
      return new long[][] {ts.get(0).apply(p), ts.get(1).apply(p)};
    }, 120);
    return new long[][] {Inputs.open(r.server()[0], r.client()[0], 16), Inputs.open(r.server()[1], r.client()[1], 16)};
  }

  private static long[][] opened(TwoParties.Results<List<Fork>, List<Fork>> r, int rep) {
    Fork a = r.server().get(rep);
    Fork b = r.client().get(rep);
    return new long[][] {Inputs.open(a.sig(), b.sig(), 16), Inputs.open(a.tanh(), b.tanh(), 16)};
  }

  @Test
  void secondForkAtASite_runsInLanes_withTheSequentialResults_inTheRoundsOfTheLonger() throws Exception {
    Random rnd = new Random(21);
    long[][] s = Inputs.sharedWithEdges(rnd, 200, 16);
    long[][] t = Inputs.sharedWithEdges(rnd, 200, 16);
    TwoParties.Results<List<Fork>, List<Fork>> r = run(new long[][][] {s, s}, new long[][][] {t, t});
    long[][] ref = reference(s, t);
    for (int rep = 0; rep < 2; rep++) {
      long[][] o = opened(r, rep);
      assertArrayEquals(ref[0], o[0], "sigmoid, fork " + rep);
      assertArrayEquals(ref[1], o[1], "tanh, fork " + rep);
    }
    Fork seq = r.client().get(0);
    Fork lanes = r.client().get(1);
    Map<String, Traffic.Stats> sc = lanes.scopes();
    long sigRounds = sc.get("fork0/sigmoid").rounds();
    long tanhRounds = sc.get("fork0/tanh").rounds();
    assertEquals(seq.rounds(), sigRounds + tanhRounds, "the first fork runs in turn");
    long longer = Math.max(sc.get("fork1/sigmoid").rounds(), sc.get("fork1/tanh").rounds());
    assertEquals(sigRounds, sc.get("fork1/sigmoid").rounds());
    assertTrue(Math.abs(tanhRounds - sc.get("fork1/tanh").rounds()) <= 1);
    assertTrue(lanes.rounds() >= longer && lanes.rounds() <= longer + 1,
        "lanes rounds " + lanes.rounds() + " vs longer lane " + longer + " (in turn " + seq.rounds() + ")");
    assertTrue(lanes.rounds() < seq.rounds());
    assertEquals(r.server().get(1).rounds(), lanes.rounds());
    assertTrue(Math.abs(lanes.bytes() - seq.bytes()) < 40 * longer,
        "bytes " + lanes.bytes() + " vs in turn " + seq.bytes());
    assertEquals(0, lanes.wasted(), "the same sizes again: the regions fit exactly");
    assertEquals(0, lanes.overflowed());
    assertEquals(0, r.server().get(1).wasted());
  }

  @Test
  void largerInputsAtTheSameSite_overflowToIknp_correctly_andTheRecordGrows() throws Exception {
    Random rnd = new Random(22);
    long[][] sSmall = Inputs.sharedWithEdges(rnd, 40, 16);
    long[][] tSmall = Inputs.sharedWithEdges(rnd, 40, 16);
    long[][] sBig = Inputs.sharedWithEdges(rnd, 150, 16);
    long[][] tBig = Inputs.sharedWithEdges(rnd, 150, 16);
    // small (in turn, recorded), big (lanes overflow), big (lanes fit: the record grew), small (lanes, waste)
    TwoParties.Results<List<Fork>, List<Fork>> r = run(new long[][][] {sSmall, sBig, sBig, sSmall},
        new long[][][] {tSmall, tBig, tBig, tSmall});
    long[][] refSmall = reference(sSmall, tSmall);
    long[][] refBig = reference(sBig, tBig);
    for (int rep = 0; rep < 4; rep++) {
      long[][] ref = rep == 1 || rep == 2 ? refBig : refSmall;
      long[][] o = opened(r, rep);
      assertArrayEquals(ref[0], o[0], "sigmoid, fork " + rep);
      assertArrayEquals(ref[1], o[1], "tanh, fork " + rep);
    }
    for (List<Fork> side : List.of(r.server(), r.client())) {
      assertTrue(side.get(1).overflowed() > 0, "the big fork does not fit the small record");
      assertEquals(side.get(1).overflowed(), side.get(2).overflowed(), "the raised record fits the big fork");
      assertEquals(side.get(2).wasted(), side.get(1).wasted());
      assertTrue(side.get(3).wasted() > side.get(2).wasted(), "the small fork leaves part of its regions");
      assertEquals(side.get(3).overflowed(), side.get(2).overflowed());
      Map<String, Traffic.Stats> sc = side.get(3).scopes();
      assertTrue(sc.keySet().stream().anyMatch(k -> k.startsWith("fork1/") && k.endsWith(FerretLane.OVERFLOW_SCOPE)));
      assertTrue(sc.keySet().stream().noneMatch(k -> k.startsWith("fork2/") && k.endsWith(FerretLane.OVERFLOW_SCOPE)));
      // lanes: the rounds of the longer task, the same whether a call ran on its region or on IKNP rows
      assertTrue(side.get(1).rounds() < side.get(0).rounds(), "lanes vs in turn");
      assertEquals(side.get(1).rounds(), side.get(2).rounds());
      assertEquals(side.get(1).rounds(), side.get(3).rounds());
      // IKNP rows cost 128 bits per instance instead of 1
      assertTrue(side.get(1).bytes() > side.get(2).bytes() + 16 * (side.get(1).overflowed() / 2),
          "overflow " + side.get(1).bytes() + " B vs fitting " + side.get(2).bytes() + " B");
    }
  }

  @Test
  void lanesThatWaitForEachOther_andManyLanes() throws Exception {
    Random rnd = new Random(23);
    int lanes = 4;
    long[][][] x = Inputs.perLane(rnd, lanes, 30, 20, 16);
    Parties.Half<long[][]> half = p -> {
      long[][] out = new long[3 * lanes][];
      for (int rep = 0; rep < 3; rep++) {
        CompletableFuture<long[]> first = new CompletableFuture<>();
        List<Function<Party, long[]>> ts = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
          long[] mine = x[i][p.index()];
          int lane = i;
          ts.add(q -> {
            if (lane == 0) {
              long[] v = Sigmoid.sigmoid(q, mine, 16, 9, 16, 14);
              first.complete(v);
              return v;
            }
            if (lane == 3) { // waits for lane 0, then uses its output
              long[] g = q.await(first);
              long[] y = new long[mine.length];
              for (int j = 0; j < y.length; j++) {
                y[j] = (mine[j] + (j < g.length ? g[j] : 0)) & 0xffff;
              }
              return Tanh.tanh(q, y, 16, 9, 16, 9);
            }
            return lane == 1 ? mine.clone() : Tanh.tanh(q, mine, 16, 9, 16, 9);
          });
        }
        List<long[]> res = p.parallel(ts);
        for (int i = 0; i < lanes; i++) {
          out[rep * lanes + i] = res.get(i);
        }
      }
      return out;
    };
    TwoParties.Results<long[][], long[][]> res = Parties.symmetric(OtBackend.FERRET, half, 120);
    for (int rep = 1; rep < 3; rep++) {
      for (int i = 0; i < lanes; i++) {
        assertArrayEquals(Inputs.open(res.server()[i], res.client()[i], 16),
            Inputs.open(res.server()[rep * lanes + i], res.client()[rep * lanes + i], 16), "fork " + rep + " lane " + i);
      }
    }
  }

  @Test
  void eachCallSiteHasItsOwnRecord() throws Exception {
    Random rnd = new Random(24);
    long[][] sSmall = Inputs.sharedWithEdges(rnd, 30, 16);
    long[][] sBig = Inputs.sharedWithEdges(rnd, 90, 16);
    Parties.Half<long[]> half = p -> {
      p.setup();
      FerretOt f = (FerretOt) p.cot();
      long[] rounds = new long[4];
      for (int rep = 0; rep < 2; rep++) { // site A: in turn, then lanes
        long r0 = p.traffic().rounds();
        p.parallel(tasks(sSmall[p.index()], sSmall[p.index()]));
        rounds[rep] = p.traffic().rounds() - r0;
      }
      long r0 = p.traffic().rounds();
      p.parallel(tasks(sBig[p.index()], sBig[p.index()])); // site B, first time: in turn, whatever site A recorded
      rounds[2] = p.traffic().rounds() - r0;
      rounds[3] = f.otsOverflowedInLanes();
      return rounds;
    };
    TwoParties.Results<long[], long[]> r = Parties.symmetric(OtBackend.FERRET, half, 120);
    long[] c = r.client();
    assertTrue(c[1] < c[0], "site A's second fork runs in lanes: " + c[1] + " vs " + c[0]);
    assertTrue(c[2] > c[1] + 5, "site B's first fork runs in turn: " + c[2] + " vs lanes " + c[1]);
    assertEquals(0, c[3], "site B does not use site A's record");
    assertArrayEquals(r.server(), c);
  }
}
