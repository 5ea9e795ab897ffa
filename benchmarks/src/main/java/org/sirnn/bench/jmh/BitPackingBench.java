package org.sirnn.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sirnn.ring.BitPacking;

/**
 * Packing l-bit shares to exactly their width for the wire and back ({@link BitPacking#pack} /
 * {@link BitPacking#unpack}), over {@value #N} values per call, in values per second (l = 1 is the bit-vector
 * case of choice and correction bits).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BitPackingBench {
  static final int N = 1 << 16;

  @Param({"1", "8", "13", "37", "64"})
  public int l;

  private long[] values;
  private long[] back;
  private byte[] packed;

  @Setup
  public void setup() {
    SplittableRandom r = new SplittableRandom(2);
    values = new long[N];
    back = new long[N];
    for (int i = 0; i < N; i++) {
      values[i] = r.nextLong();
    }
    packed = new byte[BitPacking.packedBytes(N, l)];
    BitPacking.pack(values, 0, N, l, packed, 0);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public byte[] pack() {
    BitPacking.pack(values, 0, N, l, packed, 0);
    return packed;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long[] unpack() {
    BitPacking.unpack(packed, 0, N, l, back, 0);
    return back;
  }
}
