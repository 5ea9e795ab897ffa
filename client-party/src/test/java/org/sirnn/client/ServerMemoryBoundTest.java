package org.sirnn.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.LinkCheck;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.grpc.PartyLinkClient;
import org.sirnn.nn.model.Inference;
import org.sirnn.nn.runtime.ModelRepository;
import org.sirnn.nn.runtime.ServedModel;
import org.sirnn.nn.runtime.SessionRunner;
import org.sirnn.prg.Prg;

/**
 * Issue 17, item 1: one header must not take the server down. server-party runs as a process with a 512 MiB heap
 * and {@code -XX:+ExitOnOutOfMemoryError} (as in the images); four concurrent link checks of 2^24 64-bit values are
 * served in chunks (echoed intact), a math session of 2^22 values and a model session of 4096 samples are refused
 * with RESOURCE_EXHAUSTED naming the limit, and a Google-30 inference right after equals the twin (label 24), from
 * the same process.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ServerMemoryBoundTest {
  private static final Path MODELS = Path.of("..", "models");
  private static final Duration DEADLINE = Duration.ofSeconds(180);

  @TempDir
  static Path tmp;

  private static ServerPartyProcess server;
  private static Path serverLog;
  private static ManagedChannel grpc;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isRegularFile(ServerPartyProcess.JAR), "skipped: " + ServerPartyProcess.JAR.toAbsolutePath() + " does not exist;"
        + " build the reactor (mvn package) so that server-party's jar is there before client-party's tests");
    serverLog = tmp.resolve("server-party.log");
    server = ServerPartyProcess.start(serverLog, List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError"), "--host",
        "127.0.0.1", "--port", "0", "--metrics-port", "-1", "--max-sessions", "8", "--models", MODELS.toString(),
        "--insecure");
    int port = server.port;
    grpc = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().maxInboundMessageSize(2 << 20).build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (grpc != null) {
      grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  private static FrameChannel open(String model, org.sirnn.proto.SessionHeader header) {
    return PartyLinkClient.open(grpc, UUID.randomUUID().toString(), model, header,
        FrameChannel.Options.defaults().withReceiveTimeout(DEADLINE), DEADLINE);
  }

  private static long[] pingHuge() {
    FrameChannel ch = open(LinkCheck.MODEL, org.sirnn.proto.SessionHeader.getDefaultInstance());
    long[] v = new long[1 << 24];
    Prg.fresh().nextLongs(v, 0, v.length, 64);
    long[] back = LinkCheck.exchange(ch, v, 64, true);
    LinkCheck.end(ch);
    ch.close();
    assertArrayEquals(v, back, "echo of 2^24 64-bit values");
    return null;
  }

  @Test
  void oversizedSessions_areRefusedOrChunked_andTheServerStaysUp() throws Exception {
    ModelRepository client = ModelRepository.open(MODELS, ModelRepository.Holder.CLIENT);
    ModelRepository both = ModelRepository.open(MODELS, ModelRepository.Holder.BOTH);

    // four concurrent link checks of 2^24 64-bit values (128 MiB each way): served in chunks
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<long[]>> pings = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        pings.add(pool.submit(ServerMemoryBoundTest::pingHuge));
      }
      for (Future<long[]> f : pings) {
        f.get(240, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(server.process.isAlive(), "server-party died:\n" + Files.readString(serverLog));

    // a math session of 2^22 values: refused with RESOURCE_EXHAUSTED naming the per-session cap
    ServedModel sigmoid = client.get("sigmoid-q12");
    var math = assertThrows(ProtocolAbortException.class, () -> {
      FrameChannel ch = open("sigmoid-q12", SessionRunner.header(sigmoid, 1 << 22));
      ch.receiveLongs(1, 8);
    });
    assertEquals(ProtocolAbortException.Reason.LIMIT, math.reason(), math.getMessage());
    assertTrue(math.getMessage().contains(String.valueOf(ModelRepository.MATH_MAX_VALUES)), math.getMessage());

    // a model session of 4096 samples: more than the memory budget of a 512 MiB heap
    ServedModel google13 = client.get("google13");
    var big = assertThrows(ProtocolAbortException.class, () -> {
      FrameChannel ch = open("google13", SessionRunner.header(google13, google13.plan().maxBatch()));
      ch.receiveLongs(1, 8);
    });
    assertEquals(ProtocolAbortException.Reason.BUSY, big.reason(), big.getMessage());
    assertTrue(big.getMessage().contains("--memory-budget"), big.getMessage());

    // Google-30 right after, from the same process: the twin's scores, label 24
    ServedModel g30 = client.get("google30");
    long[] x = ModelInputs.read(g30, both.sampleInput("google30").toString(), null).input();
    FrameChannel ch = open("google30", SessionRunner.header(g30, 1));
    long[] scores = SessionRunner.runClient(ch, g30, x, 1);
    ch.close();
    assertArrayEquals(both.get("google30").twin(x, 1), scores);
    assertEquals(24, Inference.argmax(scores, scores.length)[0]);
    assertTrue(server.process.isAlive());
    assertFalse(Files.readString(serverLog).contains("OutOfMemoryError"), Files.readString(serverLog));
  }
}
