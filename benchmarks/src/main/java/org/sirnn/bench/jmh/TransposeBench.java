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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sirnn.ring.BitMatrix;

/**
 * The bit-matrix transpose of IKNP: 128 columns of 2^20 bits into 2^20 rows of 128 bits and back, in rows (OTs)
 * per second; and one 64 x 64 block in place ({@link BitMatrix#transpose64}), in blocks per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TransposeBench {
  static final int K = 128;
  static final int N = 1 << 20;

  private long[] cols;
  private long[] rows;
  private long[] block;

  @Setup
  public void setup() {
    SplittableRandom r = new SplittableRandom(1);
    cols = new long[K * BitMatrix.columnWords(N)];
    rows = new long[N * (K / 64)];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = r.nextLong();
    }
    for (int i = 0; i < rows.length; i++) {
      rows[i] = r.nextLong();
    }
    block = new long[64];
    for (int i = 0; i < 64; i++) {
      block[i] = r.nextLong();
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long[] columnsToRows128() {
    BitMatrix.transposeColumnsToRows(cols, K, N, rows);
    return rows;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long[] rowsToColumns128() {
    BitMatrix.transposeRowsToColumns(rows, K, N, cols);
    return cols;
  }

  @Benchmark
  public long[] block64() {
    BitMatrix.transpose64(block, 0);
    return block;
  }
}
