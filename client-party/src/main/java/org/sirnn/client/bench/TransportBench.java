package org.sirnn.client.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Callable;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.LinkCheck;
import org.sirnn.prg.Prg;
import org.sirnn.ring.BitPacking;
import org.sirnn.client.LoopbackLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench transport}: one-way throughput of share vectors over one loopback gRPC PartyLink stream (client
 * packs and sends, server unpacks and acknowledges), next to a raw TCP socket in the same run, twice: carrying the
 * same bytes without packing ({@code raw_tcp_mb_per_s}), and carrying the same vectors packed and unpacked the
 * same way ({@code raw_tcp_packed_mb_per_s}, like for like: the ratio to it is gRPC's own overhead). MB are 10^6
 * bytes of packed payload.
 */
@Command(name = "transport", mixinStandardHelpOptions = true,
    description = "Share-vector throughput over loopback gRPC vs a raw TCP socket, JSON lines.")
public final class TransportBench implements Callable<Integer> {

  @Option(names = "--min-bytes", description = "payload bytes to move per case at least (default: ${DEFAULT-VALUE})")
  long minBytes = 256L << 20;

  @Option(names = "--bits", split = ",", description = "bitwidths (default: 1,16,37,64)")
  int[] widths = {1, 16, 37, 64};

  @Option(names = "--sizes", split = ",", description = "packed vector sizes in bytes (default: 1024,65536,1048576,8388608,33554432)")
  int[] sizes = {1024, 64 << 10, 1 << 20, 8 << 20, 32 << 20};

  @Option(names = "--warmup-seconds", description = "JIT warm-up before measuring (default: ${DEFAULT-VALUE})")
  double warmupSeconds = 3;

  @Option(names = "--frame-bytes", description = "largest frame (default: ${DEFAULT-VALUE})")
  int frameBytes = FrameChannel.Options.defaults().maxFrameBytes();

  @Option(names = "--window", description = "HTTP/2 flow-control window in bytes, 0 = gRPC's automatic tuning (default: ${DEFAULT-VALUE})")
  int window = 0;

  @Override
  public Integer call() throws Exception {
    JsonLines out = new JsonLines(System.out);
    FrameChannel.Options options = FrameChannel.Options.defaults().withMaxFrameBytes(frameBytes);
    try (LoopbackLink link = new LoopbackLink((hello, ch) -> LinkCheck.serve(ch), options, window);
        RawSink raw = new RawSink()) {
      FrameChannel ch = link.open(LinkCheck.MODEL);
      warmUp(ch, raw);
      for (int bits : widths) {
        for (int size : sizes) {
          int n = (int) ((size * 8L) / bits);
          long[] v = new long[n];
          Prg.fresh().nextLongs(v, 0, n, bits);
          int payload = BitPacking.packedBytes(n, bits);
          int reps = (int) Math.max(3, Math.min(100_000, minBytes / payload));
          // warm-up
          for (int i = 0; i < Math.min(reps, 3); i++) {
            LinkCheck.exchange(ch, v, bits, false);
            raw.exchange(payload);
          }
          long sent0 = ch.traffic().bytesSent();
          long rounds0 = ch.traffic().rounds();
          long t0 = System.nanoTime();
          for (int i = 0; i < reps; i++) {
            LinkCheck.exchange(ch, v, bits, false);
          }
          long grpcNanos = System.nanoTime() - t0;
          long wire = ch.traffic().bytesSent() - sent0;
          long rounds = ch.traffic().rounds() - rounds0;
          t0 = System.nanoTime();
          for (int i = 0; i < reps; i++) {
            raw.exchange(payload);
          }
          long rawNanos = System.nanoTime() - t0;
          raw.exchangePacked(v, bits); // warm-up of the like-for-like path
          t0 = System.nanoTime();
          for (int i = 0; i < reps; i++) {
            raw.exchangePacked(v, bits);
          }
          long rawPackedNanos = System.nanoTime() - t0;
          double grpcMbs = (double) payload * reps / (grpcNanos / 1e9) / 1e6;
          double rawMbs = (double) payload * reps / (rawNanos / 1e9) / 1e6;
          double rawPackedMbs = (double) payload * reps / (rawPackedNanos / 1e9) / 1e6;
          ObjectNode row = JsonLines.row("transport", "share_vector", n, bits);
          row.put("bytes", wire / reps);
          row.put("bytes_per_instance", (double) wire / reps / n);
          row.put("rounds", rounds / reps);
          row.put("millis", grpcNanos / 1e6 / reps);
          row.put("payload_bytes", payload);
          row.put("wire_overhead_bytes", wire / reps - payload);
          row.put("repetitions", reps);
          row.put("grpc_mb_per_s", Math.round(grpcMbs * 10) / 10.0);
          row.put("raw_tcp_mb_per_s", Math.round(rawMbs * 10) / 10.0);
          row.put("ratio_grpc_to_raw", Math.round(grpcMbs / rawMbs * 1000) / 1000.0);
          row.put("raw_tcp_packed_mb_per_s", Math.round(rawPackedMbs * 10) / 10.0);
          row.put("ratio_grpc_to_raw_packed", Math.round(grpcMbs / rawPackedMbs * 1000) / 1000.0);
          out.print(row);
        }
      }
      LinkCheck.end(ch);
      ch.close();
    }
    return 0;
  }

  private void warmUp(FrameChannel ch, RawSink raw) throws IOException {
    long end = System.nanoTime() + (long) (warmupSeconds * 1e9);
    long[][] vectors = new long[widths.length][];
    for (int i = 0; i < widths.length; i++) {
      vectors[i] = new long[(int) ((1L << 23) / widths[i])];
      Prg.fresh().nextLongs(vectors[i], 0, vectors[i].length, widths[i]);
    }
    while (System.nanoTime() < end) {
      for (int i = 0; i < widths.length; i++) {
        LinkCheck.exchange(ch, vectors[i], widths[i], false);
        raw.exchange(1 << 20);
      }
    }
  }

  /** A loopback TCP socket pair: the sender writes {@code n} bytes, the sink reads them all and answers one byte. */
  private static final class RawSink implements AutoCloseable {
    private final ServerSocket listener;
    private final Socket client;
    private final Thread sinkThread;
    private final OutputStream toSink;
    private final InputStream fromSink;
    private byte[] buffer = new byte[0];

    RawSink() throws IOException {
      listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
      client.setTcpNoDelay(true);
      Socket accepted = listener.accept();
      accepted.setTcpNoDelay(true);
      sinkThread = new Thread(() -> sink(accepted), "raw-sink");
      sinkThread.setDaemon(true);
      sinkThread.start();
      toSink = client.getOutputStream();
      fromSink = client.getInputStream();
    }

    private static void sink(Socket s) {
      try (s) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        byte[] buf = new byte[1 << 20];
        while (true) {
          int n = in.readInt();
          int count = in.readInt();
          int bits = in.readByte();
          if (bits == 0) {
            int left = n;
            while (left > 0) {
              int r = in.read(buf, 0, Math.min(buf.length, left));
              if (r < 0) {
                return;
              }
              left -= r;
            }
          } else { // like-for-like: receive the packed vector whole and unpack it, as the channel does
            byte[] packed = new byte[n];
            in.readFully(packed);
            BitPacking.unpack(packed, 0, count, bits);
          }
          out.write(1);
          out.flush();
        }
      } catch (IOException e) {
        // closed
      }
    }

    void exchange(int n) throws IOException {
      if (buffer.length < n) {
        buffer = new byte[n];
      }
      send(buffer, n, 0, 0);
    }

    /** The same vector packed to its bitwidth on this side and unpacked on the sink (no gRPC, no protobuf). */
    void exchangePacked(long[] v, int bits) throws IOException {
      byte[] packed = BitPacking.pack(v, 0, v.length, bits);
      send(packed, packed.length, v.length, bits);
    }

    private void send(byte[] data, int n, int count, int bits) throws IOException {
      toSink.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n,
          (byte) (count >>> 24), (byte) (count >>> 16), (byte) (count >>> 8), (byte) count, (byte) bits});
      toSink.write(data, 0, n);
      toSink.flush();
      if (fromSink.read() != 1) {
        throw new IOException("raw sink closed");
      }
    }

    @Override
    public void close() throws IOException {
      client.close();
      listener.close();
    }
  }
}
