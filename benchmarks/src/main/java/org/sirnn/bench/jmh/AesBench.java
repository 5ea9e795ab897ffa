package org.sirnn.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sirnn.prg.AesCtr;
import org.sirnn.prg.CrHash;
import org.sirnn.prg.Prg;
import org.sirnn.prg.Seed;

/**
 * AES kernels over {@value #BLOCKS} 128-bit blocks (64 KiB) per call, scores in blocks per second: the AES-CTR
 * keystream ({@link AesCtr}, the PRG of OT extension and of shared randomness), the {@link Prg} stream, and the
 * fixed-key hashes of {@link CrHash} (cr, ccr, tccr: one fixed-key ECB pass plus xors).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class AesBench {
  static final int BLOCKS = 4096;

  private byte[] key;
  private Prg prg;
  private long[] in;
  private long[] out;
  private long counter;

  @Setup
  public void setup() {
    key = Seed.fresh();
    prg = new Prg(Seed.fresh());
    in = new long[2 * BLOCKS];
    out = new long[2 * BLOCKS];
    prg.nextBlocks(in, 0, BLOCKS);
  }

  @Benchmark
  @OperationsPerInvocation(BLOCKS)
  public long[] aesCtrKeystream() {
    AesCtr.keystream(key, counter, out, 0, 2 * BLOCKS);
    counter += BLOCKS;
    return out;
  }

  @Benchmark
  @OperationsPerInvocation(BLOCKS)
  public long[] prgNextBlocks() {
    prg.nextBlocks(out, 0, BLOCKS);
    return out;
  }

  @Benchmark
  @OperationsPerInvocation(BLOCKS)
  public long[] crHashCr() {
    CrHash.cr(in, 0, BLOCKS, out, 0);
    return out;
  }

  @Benchmark
  @OperationsPerInvocation(BLOCKS)
  public long[] crHashCcr() {
    CrHash.ccr(in, 0, BLOCKS, out, 0);
    return out;
  }

  @Benchmark
  @OperationsPerInvocation(BLOCKS)
  public long[] crHashTccr() {
    CrHash.tccr(in, 0, counter++, BLOCKS, out, 0);
    return out;
  }
}
