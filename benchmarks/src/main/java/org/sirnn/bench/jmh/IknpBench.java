package org.sirnn.bench.jmh;

import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sirnn.net.FrameChannel;
import org.sirnn.ot.iknp.IknpOt;

/**
 * IKNP OT extension, 2^20 random OTs per call between two parties in this JVM over the in-memory transport
 * ({@link FrameChannel#inMemoryPair()}: frames passed as objects, no serialization or sockets), the sender on a
 * second thread; base OTs once per trial. Score in OTs per second: the extension matrix (PRG expansion of 128
 * columns, the transpose), the receiver's matrix on the "wire" and the tweaked hashes of both sides, on the two
 * cores at once. With {@code l} the message bitwidth (1: the bit OTs of millionaires' and AND; 64: full shares).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class IknpBench {
  static final int N = 1 << 20;

  @Param({"1", "64"})
  public int l;

  private ExecutorService peer;
  private IknpOt sender;
  private IknpOt receiver;
  private long[] choices;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    peer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "iknp-sender");
      t.setDaemon(true);
      return t;
    });
    FrameChannel[] pair = FrameChannel.inMemoryPair();
    SecureRandom rnd = new SecureRandom();
    sender = new IknpOt(pair[0], true, rnd);
    receiver = new IknpOt(pair[1], false, rnd);
    Future<?> s = peer.submit(sender::setup);
    receiver.setup();
    s.get(60, TimeUnit.SECONDS);
    choices = new long[N / 64];
    for (int i = 0; i < choices.length; i++) {
      choices[i] = rnd.nextLong();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    peer.shutdownNow();
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long[] randomOt() throws Exception {
    Future<long[][]> s = peer.submit(() -> sender.sendRandom(N, l));
    long[] m = receiver.receiveRandom(choices, N, l);
    s.get(60, TimeUnit.SECONDS);
    return m;
  }
}
