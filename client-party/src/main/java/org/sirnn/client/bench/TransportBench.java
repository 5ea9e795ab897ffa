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
 * packs and sends, server unpacks and acknowledges), next to a raw TCP socket in the same run, three times:
 * <ul>
 *   <li>{@code raw_tcp_mb_per_s}: the same number of bytes, no packing (the socket's ceiling);
 *   <li>{@code raw_tcp_packed_mb_per_s}: the same vector packed whole, sent, received whole and unpacked;
 *   <li>{@code raw_tcp_streamed_mb_per_s}: the same vector packed, sent and unpacked piece by piece in pieces of
 *       {@link FrameChannel#PIECE_BYTES}, as the channel does (like for like: the ratio to it is the cost of gRPC,
 *       HTTP/2 and protobuf alone).
 * </ul>
 * Every exchange is one-way data plus a one-byte acknowledgement, on every path. MB are 10^6 bytes of packed payload.
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

  @Option(names = "--interleave", description = "slices in which the gRPC and raw paths take turns (default: ${DEFAULT-VALUE})")
  int interleave = 8;

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
          // warm-up of every path
          for (int i = 0; i < Math.min(reps, 3); i++) {
            LinkCheck.exchange(ch, v, bits, false);
            raw.exchange(payload);
          }
          raw.exchangePacked(v, bits);
          raw.exchangeStreamed(v, bits);
          // the paths take turns in slices, so a burst of load on this shared machine hits all of them alike
          long[] nanos = new long[4];
          long wire = 0;
          long rounds = 0;
          int slices = Math.min(reps, interleave);
          for (int slice = 0; slice < slices; slice++) {
            int k = reps / slices + (slice < reps % slices ? 1 : 0);
            for (int turn = 0; turn < 4; turn++) {
              int path = (turn + slice) % 4;
              long sent0 = ch.traffic().bytesSent();
              long rounds0 = ch.traffic().rounds();
              long t0 = System.nanoTime();
              for (int i = 0; i < k; i++) {
                switch (path) {
                  case 0 -> LinkCheck.exchange(ch, v, bits, false);
                  case 1 -> raw.exchange(payload);
                  case 2 -> raw.exchangePacked(v, bits);
                  default -> raw.exchangeStreamed(v, bits);
                }
              }
              nanos[path] += System.nanoTime() - t0;
              if (path == 0) {
                wire += ch.traffic().bytesSent() - sent0;
                rounds += ch.traffic().rounds() - rounds0;
              }
            }
          }
          long grpcNanos = nanos[0];
          long rawNanos = nanos[1];
          long rawPackedNanos = nanos[2];
          long rawStreamedNanos = nanos[3];
          double grpcMbs = (double) payload * reps / (grpcNanos / 1e9) / 1e6;
          double rawMbs = (double) payload * reps / (rawNanos / 1e9) / 1e6;
          double rawPackedMbs = (double) payload * reps / (rawPackedNanos / 1e9) / 1e6;
          double rawStreamedMbs = (double) payload * reps / (rawStreamedNanos / 1e9) / 1e6;
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
          row.put("raw_tcp_streamed_mb_per_s", Math.round(rawStreamedMbs * 10) / 10.0);
          row.put("ratio_grpc_to_raw_streamed", Math.round(grpcMbs / rawStreamedMbs * 1000) / 1000.0);
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
    /** Mode bit of the header's bitwidth byte: the vector comes in pieces, each unpacked on arrival. */
    private static final int STREAMED = 0x80;

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
          int mode = in.readByte() & 0xFF;
          int bits = mode & 0x7F;
          if (bits == 0) {
            int left = n;
            while (left > 0) {
              int r = in.read(buf, 0, Math.min(buf.length, left));
              if (r < 0) {
                return;
              }
              left -= r;
            }
          } else if ((mode & STREAMED) == 0) { // receive the packed vector whole, then unpack it
            byte[] packed = new byte[n];
            in.readFully(packed);
            BitPacking.unpack(packed, 0, count, bits);
          } else { // unpack each piece as it arrives into the vector, as the channel does
            long[] values = new long[count];
            int perPiece = (FrameChannel.PIECE_BYTES / bits) * 8;
            for (int done = 0; done < count; ) {
              int k = Math.min(count - done, perPiece);
              int nb = BitPacking.packedBytes(k, bits);
              in.readFully(buf, 0, nb);
              BitPacking.unpack(buf, 0, k, bits, values, done);
              done += k;
            }
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

    /**
     * The same vector packed and written piece by piece (a fresh array per piece, as the channel hands each piece
     * to gRPC), unpacked piece by piece on the sink.
     */
    void exchangeStreamed(long[] v, int bits) throws IOException {
      int n = BitPacking.packedBytes(v.length, bits);
      header(n, v.length, bits | STREAMED);
      int perPiece = (FrameChannel.PIECE_BYTES / bits) * 8;
      for (int done = 0; done < v.length; ) {
        int k = Math.min(v.length - done, perPiece);
        byte[] piece = BitPacking.pack(v, done, k, bits);
        toSink.write(piece, 0, piece.length);
        done += k;
      }
      awaitAck();
    }

    private void send(byte[] data, int n, int count, int bits) throws IOException {
      header(n, count, bits);
      toSink.write(data, 0, n);
      awaitAck();
    }

    private void header(int n, int count, int mode) throws IOException {
      toSink.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n,
          (byte) (count >>> 24), (byte) (count >>> 16), (byte) (count >>> 8), (byte) count, (byte) mode});
    }

    private void awaitAck() throws IOException {
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
