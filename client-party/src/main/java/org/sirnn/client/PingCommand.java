package org.sirnn.client;

import io.grpc.ManagedChannel;
import io.grpc.Grpc;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.LinkCheck;
import org.sirnn.net.grpc.PartyLinkClient;
import org.sirnn.prg.Prg;
import org.sirnn.ring.Ring;
import picocli.CommandLine.Command;
import org.sirnn.net.grpc.tls.TlsOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Opens a diagnostic session to a server-party, checks that vectors come back intact, and says how long it took. */
@Command(name = "ping", mixinStandardHelpOptions = true,
    description = "Checks the link to a server-party with a diagnostic session (vectors echoed back).")
public final class PingCommand implements Callable<Integer> {

  @Option(names = "--server", description = "server-party address HOST:PORT (default: ${DEFAULT-VALUE})")
  String server = "127.0.0.1:7001";

  @Option(names = "--n", description = "values per vector (default: ${DEFAULT-VALUE})")
  int n = 100_000;

  @Option(names = "--bits", description = "bitwidth of the values (default: ${DEFAULT-VALUE})")
  int bits = 37;

  @Option(names = "--deadline", description = "session deadline in seconds (default: ${DEFAULT-VALUE})")
  int deadlineSeconds = 30;

  @Mixin
  TlsOptions tls = new TlsOptions();

  @Override
  public Integer call() throws Exception {
    Ring.checkBitwidth(bits);
    int colon = server.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--server must be HOST:PORT, got " + server);
    }
    ManagedChannel grpc = Grpc.newChannelBuilderForAddress(server.substring(0, colon),
        Integer.parseInt(server.substring(colon + 1)), tls.channelCredentials()).build();
    try {
      long t0 = System.nanoTime();
      FrameChannel ch = PartyLinkClient.open(grpc, UUID.randomUUID().toString(), LinkCheck.MODEL,
          FrameChannel.Options.defaults().withReceiveTimeout(Duration.ofSeconds(deadlineSeconds)),
          Duration.ofSeconds(deadlineSeconds));
      long[] v = new long[n];
      Prg.fresh().nextLongs(v, 0, n, bits);
      long[] back = LinkCheck.exchange(ch, v, bits, true);
      LinkCheck.end(ch);
      ch.close();
      double ms = (System.nanoTime() - t0) / 1e6;
      boolean ok = Arrays.equals(v, back);
      System.out.printf("%s: %d values of %d bits %s in %.1f ms; %d bytes sent, %d received, %d rounds%n", server, n,
          bits, ok ? "echoed intact" : "CORRUPTED", ms, ch.traffic().bytesSent(), ch.traffic().bytesReceived(),
          ch.traffic().rounds());
      return ok ? 0 : 1;
    } finally {
      grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
