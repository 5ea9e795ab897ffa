package org.sirnn.nn.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.math.MathFunction;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.grpc.PartyLinkService;
import org.sirnn.ot.OtBackend;
import org.sirnn.proto.Hello;
import org.sirnn.proto.SessionHeader;
import org.sirnn.test.LoopbackGrpc;

/**
 * {@code --threads N} over real gRPC: the session header carries the client's N, the server runs it when its own
 * {@code --threads} allows (else INCOMPATIBLE, saying so on both sides), and a model's outputs with N = 2 are those
 * with one thread and the twin's, bit for bit; the plan fingerprint does not depend on N.
 */
@Timeout(600)
class ThreadsSessionTest {
  private static final Path MODELS = Path.of("..", "models");

  /** Records the server's failures. */
  private record Recording(PartyLinkService.SessionHandler inner, List<Throwable> failures)
      implements PartyLinkService.SessionHandler {
    Recording(PartyLinkService.SessionHandler inner) {
      this(inner, new CopyOnWriteArrayList<>());
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

  private static long[] run(LoopbackGrpc link, ServedModel m, long[] x, int batch, int threads) {
    FrameChannel ch = link.open(m.plan().name(), SessionRunner.header(m, batch, OtBackend.IKNP, threads));
    try {
      return SessionRunner.runClient(ch, m, x, batch, OtBackend.IKNP, threads);
    } finally {
      ch.close();
    }
  }

  @Test
  void theHeaderCarriesTheThreads_notTheFingerprint() {
    MathFunctionModel m = MathFunctionModel.of(MathFunction.TANH, 16, 12, 12, 8);
    SessionHeader one = SessionRunner.header(m, 4, OtBackend.IKNP, 1);
    SessionHeader two = SessionRunner.header(m, 4, OtBackend.IKNP, 2);
    assertEquals(0, one.getThreads(), "1 is the field's default, 0");
    assertEquals(one, SessionRunner.header(m, 4, OtBackend.IKNP));
    assertEquals(2, two.getThreads());
    assertEquals(one.getPlanFingerprint(), two.getPlanFingerprint());
    assertEquals(1, SessionRunner.threads(one));
    assertEquals(2, SessionRunner.threads(two));
  }

  @Test
  void mathFunctionWithTwoThreads_equalsTheTwin_alsoPrepared() throws Exception {
    int n = 2600;
    MathFunctionModel sigmoid = MathFunctionModel.of(MathFunction.SIGMOID, 16, 12, 12, n);
    long[] x = new long[n];
    Random rnd = new Random(5);
    for (int i = 0; i < n; i++) {
      x[i] = i < 4 ? new long[] {0, 32767, -32768, -1}[i] : rnd.nextInt(65536) - 32768;
    }
    try (LoopbackGrpc link = new LoopbackGrpc(SessionRunner.server(ModelRepository.of(sigmoid), OtBackend.IKNP, 2),
        FrameChannel.Options.defaults())) {
      long[] twin = sigmoid.twin(x, n);
      assertArrayEquals(twin, run(link, sigmoid, x, n, 2));
      assertArrayEquals(twin, run(link, sigmoid, x, n, 1), "a server allowing 2 runs a 1-thread session");
      try (PreparedSession s = PreparedSession.open(link.client, OtBackend.IKNP, 2, FrameChannel.Options.defaults(),
          Duration.ofMinutes(5))) {
        assertEquals(2, s.threads());
        assertArrayEquals(twin, s.run(sigmoid, x, n));
      }
    }
  }

  @Test
  void uspsWithTwoThreads_equalsOneThreadAndTheTwin() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(MODELS.resolve("usps")), "no bundled models");
    ModelRepository repo = ModelRepository.open(MODELS, ModelRepository.Holder.BOTH);
    ServedModel usps = repo.get("usps");
    int batch = 80; // 80 x hidden 32 = 2560 state values: the step's element-wise ops split in two
    long[] x = new long[batch * usps.plan().inputCols()];
    Random rnd = new Random(11);
    long lo = usps.plan().inputMin();
    long span = Math.min(usps.plan().inputMax() - lo + 1, 1 << 14);
    for (int i = 0; i < x.length; i++) {
      x[i] = lo + (long) (rnd.nextDouble() * span);
    }
    try (LoopbackGrpc link = new LoopbackGrpc(SessionRunner.server(repo, OtBackend.IKNP, 2),
        FrameChannel.Options.defaults())) {
      long[] one = run(link, usps, x, batch, 1);
      long[] two = run(link, usps, x, batch, 2);
      assertArrayEquals(usps.twin(x, batch), one);
      assertArrayEquals(one, two);
    }
  }

  @Test
  void moreThreadsThanTheServerAllows_isRefusedOnBothSides() throws Exception {
    MathFunctionModel tanh = MathFunctionModel.of(MathFunction.TANH, 16, 12, 12, 8);
    Recording server = new Recording(SessionRunner.server(ModelRepository.of(tanh), OtBackend.IKNP, 2));
    try (LoopbackGrpc link = new LoopbackGrpc(server, FrameChannel.Options.defaults())) {
      ProtocolAbortException e = assertThrows(ProtocolAbortException.class,
          () -> link.open(tanh.plan().name(), SessionRunner.header(tanh, 3, OtBackend.IKNP, 3)));
      assertTrue(e.getMessage().contains("asked for 3 threads per party, this server allows at most 2 (--threads)"),
          e.getMessage());
      for (int i = 0; i < 100 && server.failures().isEmpty(); i++) {
        Thread.sleep(50);
      }
      assertFalse(server.failures().isEmpty(), "the server recorded the refused session");
      assertEquals(ProtocolAbortException.Reason.INCOMPATIBLE,
          ((ProtocolAbortException) server.failures().get(0)).reason());
      // the server goes on: a session within its limit runs
      long[] x = {0, 4096, -4096};
      assertArrayEquals(tanh.twin(x, 3), run(link, tanh, x, 3, 2));
    }
  }

  @Test
  void threadsOptionTakes1To64() {
    ThreadsOption.Converter c = new ThreadsOption.Converter();
    assertEquals(4, c.convert("4"));
    assertThrows(picocli.CommandLine.TypeConversionException.class, () -> c.convert("0"));
    assertThrows(picocli.CommandLine.TypeConversionException.class, () -> c.convert("65"));
    assertThrows(picocli.CommandLine.TypeConversionException.class, () -> c.convert("two"));
  }
}
