package org.sirnn.client.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sirnn.net.Channel;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.grpc.PartyLinkService;
import org.sirnn.ot.ChosenOt;
import org.sirnn.ot.CorrelatedOt;
import org.sirnn.ot.OneOfNOt;
import org.sirnn.ot.OtBackend;
import org.sirnn.ot.RandomOt;
import org.sirnn.ot.ferret.FerretOt;
import org.sirnn.ot.ferret.FerretParams;
import org.sirnn.ot.iknp.IknpOt;
import org.sirnn.ot.kk13.Kk13Ot;
import org.sirnn.prg.Prg;
import org.sirnn.client.LoopbackLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench ot}: every OT flavour on both backends over one loopback gRPC session (server-party role as sender,
 * client as receiver unless the row says otherwise), one JSON line per case with the bits each side sent per OT
 * next to the protocol's formula and an {@code ot} field naming the backend. Then the raw Ferret rows
 * ({@code op = rcot}): a fresh Ferret session per repetition, setup (base OTs, IKNP bootstrap, bootstrap iteration)
 * included, producing n random COTs in each direction; bits per COT and COTs per second count both directions.
 */
@Command(name = "ot", mixinStandardHelpOptions = true, description = "OT extension throughput and wire cost, JSON lines.")
public final class OtBench implements Callable<Integer> {

  @Option(names = "--n", description = "OTs per case (default: ${DEFAULT-VALUE})")
  int n = 1 << 20;

  @Option(names = "--repeat", description = "timed repetitions per case after one warm-up (default: ${DEFAULT-VALUE})")
  int repeat = 3;

  @Option(names = "--rcot-n", description = "Ferret random COTs per direction in each rcot row, setup included "
      + "(default: ${DEFAULT-VALUE})")
  int rcotN = 1 << 24;

  /**
   * One benchmark case: what the server and the client run, and its formula in bits per OT for each side (the Ferret
   * sender's formula leaves out the silent extension, about 0.44 bits per COT used, reported apart).
   */
  private record Case(String op, int l, int bigN, double senderBits, double receiverBits, int cotsPerOt, Half server,
      Half client) {}

  @FunctionalInterface
  private interface Half {
    void run(Sides s, int n);
  }

  /** The OT engines of one party on one backend. */
  private record Sides(CorrelatedOt cot, RandomOt rot, ChosenOt ot, OneOfNOt oneOfN) {
    static Sides iknp(Channel ch, boolean server, SecureRandom rnd) {
      IknpOt iknp = new IknpOt(ch, server, rnd);
      Kk13Ot kk13 = new Kk13Ot(ch, rnd);
      iknp.setup();
      if (server) {
        kk13.setupSender();
        kk13.setupReceiver();
      } else {
        kk13.setupReceiver();
        kk13.setupSender();
      }
      return new Sides(iknp, iknp, iknp, kk13);
    }

    static Sides ferret(Channel ch, boolean server, SecureRandom rnd) {
      FerretOt f = new FerretOt(ch, server, rnd);
      f.setup();
      return new Sides(f, f, f, f);
    }
  }

  private static long[] randomValues(int n, int l) {
    long[] v = new long[n];
    Prg.fresh().nextLongs(v, 0, n, l);
    return v;
  }

  private static long[] randomBits(int n) {
    long[] v = new long[(n + 63) / 64];
    Prg.fresh().nextLongs(v, 0, v.length);
    return v;
  }

  /** Instances of the 1-out-of-256 case (fewer: 256 messages each). */
  private int count(Case c) {
    return c.bigN() == 256 ? Math.min(n, 1 << 17) : n;
  }

  private static List<Case> cases(OtBackend b) {
    double lambda = b == OtBackend.IKNP ? 128 : 1; // the receiver's bits per OT: IKNP matrix or Ferret correction
    List<Case> list = new ArrayList<>();
    for (int l : new int[] {1, 8, 16, 32, 64}) {
      list.add(new Case("cot", l, 2, l, lambda, 1, (s, k) -> s.cot().send(randomValues(k, l), l),
          (s, k) -> s.cot().receive(randomBits(k), k, l)));
    }
    list.add(new Case("rot", 64, 2, 0, lambda, 1, (s, k) -> s.rot().sendRandom(k, 64),
        (s, k) -> s.rot().receiveRandom(randomBits(k), k, 64)));
    for (int l : new int[] {1, 32}) {
      list.add(new Case("ot", l, 2, 2.0 * l, lambda, 1, (s, k) -> s.ot().sendChosen(randomValues(k, l),
          randomValues(k, l), l), (s, k) -> s.ot().receiveChosen(randomBits(k), k, l)));
    }
    int[] widths = {16, 32, 8};
    list.add(new Case("cot_batched_16_32_8", 56, 2, 56, lambda, 1,
        (s, k) -> s.cot().sendBatched(new long[][] {randomValues(k, 16), randomValues(k, 32), randomValues(k, 8)},
            widths),
        (s, k) -> s.cot().receiveBatched(randomBits(k), k, widths)));
    list.add(new Case("cot_two_way", 32, 2, lambda + 32, lambda + 32, 2,
        (s, k) -> s.cot().sendAndReceive(new long[][] {randomValues(k, 32)}, new int[] {32}, randomBits(k), k,
            new int[] {32}),
        (s, k) -> s.cot().sendAndReceive(new long[][] {randomValues(k, 32)}, new int[] {32}, randomBits(k), k,
            new int[] {32})));
    for (int bigN : new int[] {2, 4, 16, 256}) {
      int l = 8;
      int logN = Integer.numberOfTrailingZeros(bigN);
      list.add(new Case("kkot", l, bigN, (double) bigN * l, b == OtBackend.IKNP ? 256 : logN, logN,
          (s, k) -> s.oneOfN().sendOneOfN(randomValues(k * bigN, l), bigN, l),
          (s, k) -> s.oneOfN().receiveOneOfN(randomIndices(k, bigN), bigN, l)));
    }
    return list;
  }

  private static int[] randomIndices(int n, int bigN) {
    long[] r = randomValues(n, Integer.numberOfTrailingZeros(bigN));
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = (int) r[i];
    }
    return out;
  }

  /** The Ferret presets of the rcot rows: the default first (its first run also warms up the JIT). */
  private static List<FerretParams.Preset> presets() {
    return List.of(FerretParams.Preset.EMP_OT_2026, FerretParams.Preset.FERRET_2020);
  }

  /** COTs a consumer takes per call in the rcot rows. */
  private static final int RCOT_BATCH = 1 << 20;

  /**
   * One rcot run: a fresh Ferret session on the open channel, n random COTs each way taken in batches of
   * {@value #RCOT_BATCH}, then a 1-bit ack so that the client's clock stops when the server is done.
   */
  private static long rcot(Channel ch, boolean server, FerretParams.Preset preset, int n) {
    FerretOt f = new FerretOt(ch, server, new SecureRandom(), preset);
    long b0 = ch.traffic().bytesSent() + ch.traffic().bytesReceived();
    f.setup();
    long setupBytes = ch.traffic().bytesSent() + ch.traffic().bytesReceived() - b0;
    for (int dir = 0; dir < 2; dir++) {
      boolean send = server == (dir == 0);
      for (int done = 0; done < n; done += RCOT_BATCH) {
        int k = Math.min(RCOT_BATCH, n - done);
        if (send) {
          f.randomCotsAsSender(k);
        } else {
          f.randomCotsAsReceiver(k);
        }
      }
    }
    if (server) {
      ch.sendLongs(new long[1], 1);
      ch.flush();
    } else {
      ch.receiveLongs(1, 1);
    }
    return setupBytes;
  }

  @Override
  @SuppressWarnings("try")
  public Integer call() throws Exception {
    JsonLines out = new JsonLines(System.out);
    PartyLinkService.SessionHandler serverHalf = (hello, ch) -> {
      SecureRandom rnd = new SecureRandom();
      for (OtBackend b : OtBackend.values()) {
        Sides s = b == OtBackend.IKNP ? Sides.iknp(ch, true, rnd) : Sides.ferret(ch, true, rnd);
        for (Case c : cases(b)) {
          for (int r = 0; r <= repeat; r++) {
            c.server().run(s, count(c));
          }
        }
      }
      rcot(ch, true, presets().get(0), 1 << 20); // warm-up
      for (FerretParams.Preset p : presets()) {
        for (int r = 0; r < repeat; r++) {
          rcot(ch, true, p, rcotN);
        }
      }
    };
    try (LoopbackLink link = new LoopbackLink(serverHalf, FrameChannel.Options.defaults(), 0)) {
      FrameChannel ch = link.open("bench-ot");
      SecureRandom rnd = new SecureRandom();
      for (OtBackend b : OtBackend.values()) {
        long t0 = System.nanoTime();
        long bytes0 = ch.traffic().bytesSent() + ch.traffic().bytesReceived();
        long rounds0 = ch.traffic().rounds();
        Sides s = b == OtBackend.IKNP ? Sides.iknp(ch, false, rnd) : Sides.ferret(ch, false, rnd);
        ObjectNode setup = JsonLines.row("ot", b == OtBackend.IKNP ? "base_ot" : "ferret_setup",
            b == OtBackend.IKNP ? 2 * 128 : 2L * FerretParams.Preset.defaults().bootstrap().m(), 128);
        long bytes = b == OtBackend.IKNP ? ch.traffic().stats("iknp-setup").bytes()
            : ch.traffic().bytesSent() + ch.traffic().bytesReceived() - bytes0;
        setup.put("ot", b.name().toLowerCase());
        setup.put("bytes", bytes);
        setup.put("bytes_per_instance", bytes / (double) setup.get("n").asLong());
        setup.put("rounds", ch.traffic().rounds() - rounds0);
        setup.put("millis", (System.nanoTime() - t0) / 1e6);
        setup.put("protocol", b == OtBackend.IKNP
            ? "Naor-Pinkas over P-256, 128 OTs each direction"
            : "per direction: 128 Naor-Pinkas OTs, the IKNP bootstrap COTs (n counts both directions), the "
                + "bootstrap iteration of Ferret");
        out.print(setup);
        for (Case c : cases(b)) {
          runCase(out, ch, s, b, c);
        }
      }
      rcot(ch, false, presets().get(0), 1 << 20); // warm-up
      for (FerretParams.Preset p : presets()) {
        long sent0 = ch.traffic().bytesSent();
        long recv0 = ch.traffic().bytesReceived();
        long rounds0 = ch.traffic().rounds();
        long start = System.nanoTime();
        long setupBytes = 0;
        for (int r = 0; r < repeat; r++) {
          setupBytes += rcot(ch, false, p, rcotN);
        }
        long nanos = System.nanoTime() - start;
        setupBytes /= repeat;
        long bytes = (ch.traffic().bytesSent() - sent0 + ch.traffic().bytesReceived() - recv0) / repeat;
        long cots = 2L * rcotN; // both directions
        ObjectNode row = JsonLines.row("ot", "rcot", cots, 128);
        row.put("ot", "ferret");
        row.put("preset", p.name());
        row.put("bytes", bytes);
        row.put("bytes_per_instance", bytes / (double) cots);
        row.put("rounds", (ch.traffic().rounds() - rounds0) / repeat);
        row.put("millis", nanos / 1e6 / repeat);
        row.put("bits_per_cot", round(bytes * 8.0 / cots));
        row.put("setup_bytes", setupBytes);
        row.put("bits_per_cot_after_setup", round((bytes - setupBytes) * 8.0 / cots));
        row.put("cot_per_s", Math.round(cots / (nanos / 1e9 / repeat)));
        row.put("note", "fresh session per run, setup (base OTs + IKNP bootstrap + bootstrap iteration, both "
            + "directions) included; n COTs = " + rcotN + " per direction");
        out.print(row);
      }
      ch.close();
    }
    return 0;
  }

  private void runCase(JsonLines out, Channel ch, Sides s, OtBackend b, Case c) {
    int cn = count(c);
    c.client().run(s, cn); // warm-up
    long sent0 = ch.traffic().bytesSent();
    long recv0 = ch.traffic().bytesReceived();
    long rounds0 = ch.traffic().rounds();
    long start = System.nanoTime();
    for (int r = 0; r < repeat; r++) {
      c.client().run(s, cn);
    }
    long nanos = System.nanoTime() - start;
    // the server may still be finishing its half of the last repetition: count what has arrived
    double clientBits = (ch.traffic().bytesSent() - sent0) * 8.0 / repeat / cn;
    double serverBits = (ch.traffic().bytesReceived() - recv0) * 8.0 / repeat / cn;
    ObjectNode row = JsonLines.row("ot", c.op(), cn, c.l());
    row.put("ot", b.name().toLowerCase());
    row.put("N", c.bigN());
    row.put("bytes", Math.round((clientBits + serverBits) * cn / 8));
    row.put("bytes_per_instance", (clientBits + serverBits) / 8);
    row.put("rounds", (ch.traffic().rounds() - rounds0) / repeat);
    row.put("millis", nanos / 1e6 / repeat);
    row.put("sender_bits_per_ot", round(serverBits));
    row.put("receiver_bits_per_ot", round(clientBits));
    row.put("formula_sender_bits_per_ot", c.senderBits());
    row.put("formula_receiver_bits_per_ot", c.receiverBits());
    if (b == OtBackend.FERRET) {
      row.put("cots_per_ot", c.cotsPerOt());
    }
    row.put("ot_per_s", Math.round(cn / (nanos / 1e9 / repeat)));
    out.print(row);
  }

  private static double round(double x) {
    return Math.round(x * 100) / 100.0;
  }
}
