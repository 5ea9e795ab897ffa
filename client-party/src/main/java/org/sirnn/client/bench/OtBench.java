package org.sirnn.client.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sirnn.net.Channel;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.Traffic;
import org.sirnn.net.grpc.PartyLinkService;
import org.sirnn.ot.iknp.IknpOt;
import org.sirnn.ot.kk13.Kk13Ot;
import org.sirnn.prg.Prg;
import org.sirnn.client.LoopbackLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench ot}: every OT flavour over one loopback gRPC session (server-party role as sender, client as
 * receiver unless the row says otherwise), one JSON line per case with the bits each side sent per OT next to the
 * protocol's formula.
 */
@Command(name = "ot", mixinStandardHelpOptions = true, description = "OT extension throughput and wire cost, JSON lines.")
public final class OtBench implements Callable<Integer> {

  @Option(names = "--n", description = "OTs per case (default: ${DEFAULT-VALUE})")
  int n = 1 << 20;

  @Option(names = "--repeat", description = "timed repetitions per case after one warm-up (default: ${DEFAULT-VALUE})")
  int repeat = 3;

  /** One benchmark case: what the server and the client run, and its formula in bits per OT for each side. */
  private record Case(String op, int l, int bigN, double senderBits, double receiverBits, Half server, Half client) {}

  @FunctionalInterface
  private interface Half {
    void run(Sides s, int n);
  }

  /** The OT engines of one party. */
  private record Sides(Channel ch, IknpOt iknp, Kk13Ot kk13) {}

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

  private List<Case> cases() {
    List<Case> list = new ArrayList<>();
    for (int l : new int[] {1, 8, 16, 32, 64}) {
      list.add(new Case("cot", l, 2, l, 128, (s, k) -> s.iknp().send(randomValues(k, l), l),
          (s, k) -> s.iknp().receive(randomBits(k), k, l)));
    }
    list.add(new Case("rot", 64, 2, 0, 128, (s, k) -> s.iknp().sendRandom(k, 64),
        (s, k) -> s.iknp().receiveRandom(randomBits(k), k, 64)));
    for (int l : new int[] {1, 32}) {
      list.add(new Case("ot", l, 2, 2.0 * l, 128, (s, k) -> s.iknp().sendChosen(randomValues(k, l),
          randomValues(k, l), l), (s, k) -> s.iknp().receiveChosen(randomBits(k), k, l)));
    }
    int[] widths = {16, 32, 8};
    list.add(new Case("cot_batched_16_32_8", 56, 2, 56, 128,
        (s, k) -> s.iknp().sendBatched(new long[][] {randomValues(k, 16), randomValues(k, 32), randomValues(k, 8)},
            widths),
        (s, k) -> s.iknp().receiveBatched(randomBits(k), k, widths)));
    list.add(new Case("cot_two_way", 32, 2, 128 + 32, 128 + 32,
        (s, k) -> s.iknp().sendAndReceive(new long[][] {randomValues(k, 32)}, new int[] {32}, randomBits(k), k,
            new int[] {32}),
        (s, k) -> s.iknp().sendAndReceive(new long[][] {randomValues(k, 32)}, new int[] {32}, randomBits(k), k,
            new int[] {32})));
    for (int bigN : new int[] {2, 4, 16, 256}) {
      int l = 8;
      int count = bigN == 256 ? Math.min(n, 1 << 17) : n;
      list.add(new Case("kkot", l, bigN, (double) bigN * l, 256, (s, k) -> s.kk13().sendOneOfN(
          randomValues(Math.min(k, count) * bigN, l), bigN, l), (s, k) -> s.kk13().receiveOneOfN(
          randomIndices(Math.min(k, count), bigN), bigN, l)));
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

  @Override
  @SuppressWarnings("try")
  public Integer call() throws Exception {
    JsonLines out = new JsonLines(System.out);
    List<Case> cases = cases();
    PartyLinkService.SessionHandler serverHalf = (hello, ch) -> {
      SecureRandom rnd = new SecureRandom();
      Sides s = new Sides(ch, new IknpOt(ch, true, rnd), new Kk13Ot(ch, rnd));
      s.iknp().setup();
      s.kk13().setupSender();
      s.kk13().setupReceiver();
      for (Case c : cases) {
        for (int r = 0; r <= repeat; r++) {
          c.server().run(s, n);
        }
      }
    };
    try (LoopbackLink link = new LoopbackLink(serverHalf, FrameChannel.Options.defaults(), 0)) {
      FrameChannel ch = link.open("bench-ot");
      SecureRandom rnd = new SecureRandom();
      Sides s = new Sides(ch, new IknpOt(ch, false, rnd), new Kk13Ot(ch, rnd));
      long t0 = System.nanoTime();
      s.iknp().setup();
      s.kk13().setupReceiver();
      s.kk13().setupSender();
      ObjectNode setup = JsonLines.row("ot", "base_ot", 2 * 128, 128);
      Traffic.Stats st = ch.traffic().stats("iknp-setup");
      setup.put("bytes", st.bytes());
      setup.put("bytes_per_instance", st.bytes() / 256.0);
      setup.put("rounds", st.rounds());
      setup.put("millis", (System.nanoTime() - t0) / 1e6);
      setup.put("protocol", "Naor-Pinkas over P-256, 128 OTs each direction");
      out.print(setup);
      for (Case c : cases) {
        int cn = c.op().equals("kkot") && c.bigN() == 256 ? Math.min(n, 1 << 17) : n;
        c.client().run(s, n); // warm-up
        long sent0 = ch.traffic().bytesSent();
        long recv0 = ch.traffic().bytesReceived();
        long rounds0 = ch.traffic().rounds();
        long start = System.nanoTime();
        for (int r = 0; r < repeat; r++) {
          c.client().run(s, n);
        }
        long nanos = System.nanoTime() - start;
        // the server may still be finishing its half of the last repetition: count what has arrived
        double clientBits = (ch.traffic().bytesSent() - sent0) * 8.0 / repeat / cn;
        double serverBits = (ch.traffic().bytesReceived() - recv0) * 8.0 / repeat / cn;
        ObjectNode row = JsonLines.row("ot", c.op(), cn, c.l());
        row.put("N", c.bigN());
        row.put("bytes", Math.round((clientBits + serverBits) * cn / 8));
        row.put("bytes_per_instance", (clientBits + serverBits) / 8);
        row.put("rounds", (ch.traffic().rounds() - rounds0) / repeat);
        row.put("millis", nanos / 1e6 / repeat);
        row.put("sender_bits_per_ot", round(serverBits));
        row.put("receiver_bits_per_ot", round(clientBits));
        row.put("formula_sender_bits_per_ot", c.senderBits());
        row.put("formula_receiver_bits_per_ot", c.receiverBits());
        row.put("ot_per_s", Math.round(cn / (nanos / 1e9 / repeat)));
        out.print(row);
      }
      ch.close();
    }
    return 0;
  }

  private static double round(double x) {
    return Math.round(x * 100) / 100.0;
  }
}
