package org.sirnn.net;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.time.Duration;
import java.util.Objects;
import org.sirnn.net.ProtocolAbortException.Reason;
import org.sirnn.proto.Batch;
import org.sirnn.proto.Error;
import org.sirnn.proto.Frame;
import org.sirnn.proto.Goodbye;
import org.sirnn.proto.LaneBatch;
import org.sirnn.proto.Lanes;
import org.sirnn.proto.OtBlocks;
import org.sirnn.proto.PackedBits;
import org.sirnn.proto.Payload;
import org.sirnn.proto.RawBytes;
import org.sirnn.proto.ShareVector;
import org.sirnn.ring.BitPacking;

/**
 * {@link Channel} over any {@link FrameTransport}: packs typed vectors into {@link Payload}s, batches a flush into
 * frames of at most {@link Options#maxFrameBytes()}, splits larger payloads into pieces, stamps frames for round
 * counting and validates everything it receives.
 *
 * <p>Streaming: a large vector is cut into pieces of at most {@link #PIECE_BYTES} packed bytes, and a frame is handed
 * to the transport as soon as it holds that much, so the sender packs piece k+1 while piece k is on the wire and the
 * receiver unpacks piece k while later pieces arrive. Received pieces are unpacked straight from the protobuf
 * {@link ByteString} (through a small reused buffer), never copied whole.
 *
 * <p>Wire cost: a vector of n values of l bits is {@code ceil(n*l/8)} payload bytes plus a few bytes of protobuf
 * tags and lengths (about 6-12 per piece, depending on n) and about 12 per frame, plus gRPC's 5-byte prefix per
 * frame: under 32 bytes per started {@link #PIECE_BYTES} of payload. All of it is counted in {@link Traffic}.
 */
public final class FrameChannel implements Channel {

  /** gRPC's length-prefixed message framing: 1 flag byte + 4 length bytes per message. */
  public static final int GRPC_PREFIX_BYTES = 5;

  /** Limits of one channel. */
  public record Options(int maxFrameBytes, Duration receiveTimeout, Duration sendTimeout) {
    public Options {
      if (maxFrameBytes < 1024 || maxFrameBytes > (64 << 20)) {
        throw new IllegalArgumentException("maxFrameBytes must be in 1 KiB..64 MiB, got " + maxFrameBytes);
      }
      if (receiveTimeout.isNegative() || receiveTimeout.isZero() || sendTimeout.isNegative() || sendTimeout.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive");
      }
    }

    /** 1 MiB frames, 60 s to wait for a message or for flow control. */
    public static Options defaults() {
      return new Options(1 << 20, Duration.ofSeconds(60), Duration.ofSeconds(60));
    }

    public Options withReceiveTimeout(Duration d) {
      return new Options(maxFrameBytes, d, sendTimeout);
    }

    public Options withMaxFrameBytes(int bytes) {
      return new Options(bytes, receiveTimeout, sendTimeout);
    }
  }

  private static final int PIECE_MARGIN = 64;

  /**
   * Largest piece of one vector, in packed bytes (capped by the frame limit), and the frame size at which a batch is
   * sent without waiting for the flush. Measured on 2 loopback cores: 64 KiB pieces cost about 40% more CPU per byte
   * than 1 MiB ones, 256 KiB within about 10% of 1 MiB while letting packing, transfer and unpacking overlap.
   */
  public static final int PIECE_BYTES = 256 << 10;

  /** Bytes of the receive-side buffer that pieces are unpacked through, a cache-sized slice at a time. */
  private static final int SLICE_BYTES = 32 << 10;

  private final FrameTransport transport;
  private final Options options;
  private final Traffic traffic;
  private final int maxPiece;
  private final int streamPiece;
  private byte[] slice;

  private Batch.Builder outBatch = Batch.newBuilder();
  private int outBytes;
  private long highestReceivedStamp;

  private Batch inBatch;
  private int inIndex;
  private boolean closed;
  private boolean peerSaidGoodbye;

  public FrameChannel(FrameTransport transport, Options options, Traffic traffic) {
    this.transport = transport;
    this.options = options;
    this.traffic = traffic;
    this.maxPiece = options.maxFrameBytes() - PIECE_MARGIN;
    this.streamPiece = Math.min(maxPiece, PIECE_BYTES);
  }

  public FrameChannel(FrameTransport transport, Options options) {
    this(transport, options, new Traffic());
  }

  /** Two in-memory channels joined to each other: [server side, client side]. */
  public static FrameChannel[] inMemoryPair(Options options) {
    InMemoryTransport[] t = InMemoryTransport.pair();
    return new FrameChannel[] {new FrameChannel(t[0], options), new FrameChannel(t[1], options)};
  }

  public static FrameChannel[] inMemoryPair() {
    return inMemoryPair(Options.defaults());
  }

  public FrameTransport transport() {
    return transport;
  }

  @Override
  public Traffic traffic() {
    return traffic;
  }

  // ------------------------------------------------------------------------------------------------- sending

  @Override
  public void sendLongs(long[] values, int off, int n, int bitwidth) {
    checkWidth(bitwidth);
    if (n < 0 || off < 0 || off + n > values.length) {
      throw new IndexOutOfBoundsException("sendLongs off=" + off + " n=" + n + " length=" + values.length);
    }
    ensureOpen();
    // pieces of a multiple of 8 values end on byte boundaries and carry exactly (values/8)*l bytes
    int perPiece = (streamPiece / bitwidth) * 8;
    int done = 0;
    do {
      int k = Math.min(n - done, perPiece);
      byte[] packed = BitPacking.pack(values, off + done, k, bitwidth);
      done += k;
      append(Payload.newBuilder().setMore(done < n).setShares(ShareVector.newBuilder().setBitwidth(bitwidth)
          .setCount(n).setPacked(UnsafeByteOperations.unsafeWrap(packed))).build());
    } while (done < n);
  }

  @Override
  public void sendBits(long[] words, long nbits) {
    if (nbits < 0 || (nbits + 63) / 64 > words.length) {
      throw new IndexOutOfBoundsException("sendBits nbits=" + nbits + " words=" + words.length);
    }
    ensureOpen();
    long perPiece = (streamPiece / 8) * 64L; // whole words, so pieces land on word boundaries
    long done = 0;
    do {
      long k = Math.min(nbits - done, perPiece);
      int firstWord = (int) (done / 64);
      int fullWords = (int) (k / 64);
      int rest = (int) (k % 64);
      byte[] packed = new byte[BitPacking.bitsBytes(k)];
      BitPacking.pack(words, firstWord, fullWords, 64, packed, 0); // the wire form of whole words: little-endian
      if (rest != 0) {
        BitPacking.packBits(new long[] {words[firstWord + fullWords]}, rest, packed, 8 * fullWords);
      }
      done += k;
      append(Payload.newBuilder().setMore(done < nbits).setBits(PackedBits.newBuilder().setCount(nbits)
          .setData(UnsafeByteOperations.unsafeWrap(packed))).build());
    } while (done < nbits);
  }

  @Override
  public void sendBlocks(long[] blocks, int blockOff, int nBlocks) {
    if (nBlocks < 0 || blockOff < 0 || 2L * (blockOff + nBlocks) > blocks.length) {
      throw new IndexOutOfBoundsException("sendBlocks off=" + blockOff + " n=" + nBlocks + " longs=" + blocks.length);
    }
    ensureOpen();
    int perPiece = streamPiece / 16;
    int done = 0;
    do {
      int k = Math.min(nBlocks - done, perPiece);
      byte[] packed = BitPacking.packBlocks(blocks, blockOff + done, k);
      done += k;
      append(Payload.newBuilder().setMore(done < nBlocks).setBlocks(OtBlocks.newBuilder().setCount(nBlocks)
          .setData(UnsafeByteOperations.unsafeWrap(packed))).build());
    } while (done < nBlocks);
  }

  @Override
  public void sendBytes(byte[] data) {
    ensureOpen();
    ProtocolAbortException.check(data.length <= maxPiece, "sendBytes: " + data.length + " bytes exceed the frame limit");
    append(Payload.newBuilder().setRaw(RawBytes.newBuilder().setData(ByteString.copyFrom(data))).build());
  }

  private void append(Payload p) {
    int size = p.getSerializedSize();
    int withTag = size + 1 + varintSize(size);
    if (outBytes > 0 && outBytes + withTag > maxPiece) {
      emitFrame();
    }
    outBatch.addItems(p);
    outBytes += withTag;
    traffic.addSent(withTag);
    if (outBytes >= streamPiece) {
      emitFrame();
    }
  }

  @Override
  public void flush() {
    ensureOpen();
    if (outBytes > 0) {
      emitFrame();
    }
  }

  private void emitFrame() {
    long stamp = highestReceivedStamp + 1;
    Frame f = Frame.newBuilder().setRound(stamp).setBatch(outBatch).build();
    traffic.addSent(transport.framingBytes(f, outBytes));
    traffic.observeStamp(stamp);
    outBatch = Batch.newBuilder();
    outBytes = 0;
    transport.send(f, options.sendTimeout().toNanos());
  }

  // ----------------------------------------------------------------------------------------------- receiving

  private Payload nextPayload(String expected) {
    ensureOpen();
    flush();
    while (inBatch == null || inIndex >= inBatch.getItemsCount()) {
      inBatch = null;
      Frame f = receiveFrame("while waiting for " + expected);
      switch (f.getBodyCase()) {
        case BATCH -> {
          inBatch = f.getBatch();
          inIndex = 0;
          int items = 0;
          for (Payload p : inBatch.getItemsList()) {
            int s = p.getSerializedSize();
            items += s + 1 + varintSize(s);
          }
          traffic.addReceived(transport.framingBytes(f, items));
        }
        case GOODBYE -> {
          peerSaidGoodbye = true;
          throw new ProtocolAbortException(Reason.PEER_CLOSED, transport.describe() + ": peer said goodbye ("
              + f.getGoodbye().getReason() + ") " + where(expected));
        }
        default -> throw unexpected(f, expected);
      }
    }
    Payload p = inBatch.getItems(inIndex++);
    int s = p.getSerializedSize();
    traffic.addReceived(s + 1 + varintSize(s));
    return p;
  }

  private Frame receiveFrame(String context) {
    Frame f = transport.receive(options.receiveTimeout().toNanos());
    if (f.getRound() <= 0) {
      throw new ProtocolAbortException(Reason.MALFORMED, transport.describe() + ": frame without round stamp " + context);
    }
    if (f.getRound() > highestReceivedStamp) {
      highestReceivedStamp = f.getRound();
    }
    traffic.observeStamp(f.getRound());
    if (f.getBodyCase() == Frame.BodyCase.ERROR) {
      Error e = f.getError();
      Reason r = e.getCode() != ProtocolAbortException.BUSY_CODE ? Reason.PEER_ERROR
          : e.getMessage().startsWith(ProtocolAbortException.BUSY_PREFIX) ? Reason.BUSY : Reason.LIMIT;
      throw new ProtocolAbortException(r, transport.describe() + ": peer aborted (code " + e.getCode()
          + "): " + PeerText.bounded(e.getMessage(), 1000));
    }
    return f;
  }

  private ProtocolAbortException unexpected(Frame f, String expected) {
    return new ProtocolAbortException(Reason.MALFORMED, transport.describe() + ": unexpected " + f.getBodyCase()
        + " frame " + where(expected));
  }

  private String where(String expected) {
    String scope = traffic.currentPath();
    return expected + (scope.isEmpty() ? "" : " in scope " + scope);
  }

  /** Header check of each piece of a payload; returns the piece's data. */
  private interface PieceCheck {
    ByteString verify(Payload p);
  }

  /**
   * Reads the pieces of one payload of kind {@code kind} and hands each piece's bytes to {@code sink} with the
   * byte offset where it starts. Every non-final piece must be a multiple of {@code unit} bytes; the pieces
   * together must be exactly {@code totalBytes}.
   */
  private void receivePieces(Payload.KindCase kind, String expected, PieceCheck check, long totalBytes, int unit,
      PieceSink sink) {
    long at = 0;
    while (true) {
      Payload p = nextPayload(expected);
      checkKind(p, kind, expected);
      ByteString data = check.verify(p);
      long end = at + data.size();
      if (p.getMore()) {
        ProtocolAbortException.check(data.size() > 0 && data.size() % unit == 0 && end < totalBytes, transport.describe() + ": piece of "
            + data.size() + " bytes at " + at + " does not fit " + expected + " " + where(""));
      } else {
        ProtocolAbortException.check(end == totalBytes, transport.describe() + ": " + expected + " ended after "
            + end + " bytes, expected " + totalBytes + " " + where(""));
      }
      sink.accept(data, at);
      at = end;
      if (!p.getMore()) {
        return;
      }
    }
  }

  private interface PieceSink {
    void accept(ByteString data, long byteOffset);
  }

  /** The reused receive buffer of {@link #SLICE_BYTES}. */
  private byte[] slice() {
    if (slice == null) {
      slice = new byte[SLICE_BYTES];
    }
    return slice;
  }

  /**
   * Unpacks the {@code count} values of {@code l} bits packed in {@code data} (exactly {@code ceil(count*l/8)}
   * bytes) into {@code dst[dstOff..]}, a slice of whole 8-value groups at a time, without copying {@code data} whole.
   */
  private void unpackLongs(ByteString data, int count, int l, long[] dst, int dstOff) {
    byte[] buf = slice();
    int sliceValues = (SLICE_BYTES / l) * 8; // whole groups of 8 values: l bytes each
    int pos = 0;
    for (int done = 0; done < count; ) {
      int k = Math.min(count - done, sliceValues);
      int nb = BitPacking.packedBytes(k, l);
      data.copyTo(buf, pos, 0, nb);
      BitPacking.unpack(buf, 0, k, l, dst, dstOff + done);
      pos += nb;
      done += k;
    }
  }

  /** Unpacks {@code data}, the wire form of {@code count} bits, into {@code words} from word {@code firstWord}. */
  private void unpackBits(ByteString data, long count, long[] words, int firstWord) {
    int fullWords = (int) (count / 64);
    int rest = (int) (count % 64);
    unpackLongs(data.substring(0, 8 * fullWords), fullWords, 64, words, firstWord); // whole words: little-endian
    if (rest != 0) {
      byte[] tail = data.substring(8 * fullWords).toByteArray(); // at most 8 bytes
      words[firstWord + fullWords] = BitPacking.unpackBits(tail, 0, rest)[0];
    }
  }

  /** Unpacks {@code data}, {@code count} blocks of 16 bytes, into {@code dst} from block {@code firstBlock}. */
  private void unpackBlocks(ByteString data, int count, long[] dst, int firstBlock) {
    unpackLongs(data, 2 * count, 64, dst, 2 * firstBlock); // a block is two little-endian longs, low half first
  }

  private void checkKind(Payload p, Payload.KindCase kind, String expected) {
    if (p.getKindCase() != kind) {
      throw new ProtocolAbortException(Reason.MALFORMED, transport.describe() + ": got " + p.getKindCase()
          + " payload " + where("while waiting for " + expected));
    }
  }

  private static ByteString dataOf(Payload p) {
    return switch (p.getKindCase()) {
      case SHARES -> p.getShares().getPacked();
      case BLOCKS -> p.getBlocks().getData();
      case BITS -> p.getBits().getData();
      case RAW -> p.getRaw().getData();
      default -> ByteString.EMPTY;
    };
  }

  @Override
  public void receiveLongs(long[] dst, int off, int n, int bitwidth) {
    checkWidth(bitwidth);
    Objects.checkFromIndexSize(off, n, dst.length);
    String expected = n + " values of " + bitwidth + " bits";
    receivePieces(Payload.KindCase.SHARES, expected, p -> {
      ShareVector v = p.getShares();
      if (v.getBitwidth() != bitwidth || v.getCount() != n) {
        throw new ProtocolAbortException(Reason.MALFORMED, transport.describe() + ": got " + v.getCount()
            + " values of " + v.getBitwidth() + " bits " + where("while waiting for " + expected));
      }
      return v.getPacked();
    }, BitPacking.packedBytes(n, bitwidth), bitwidth, (data, at) -> {
      int first = (int) (at / bitwidth * 8); // pieces hold whole groups of 8 values (l bytes each)
      int count = Math.min(n - first, (int) ((data.size() * 8L) / bitwidth));
      unpackLongs(data, count, bitwidth, dst, off + first);
    });
  }

  @Override
  public long[] receiveBits(long nbits) {
    String expected = nbits + " bits";
    long[] words = new long[BitPacking.bitsWords(nbits)];
    receivePieces(Payload.KindCase.BITS, expected, p -> {
      if (p.getBits().getCount() != nbits) {
        throw new ProtocolAbortException(Reason.MALFORMED, transport.describe() + ": got " + p.getBits().getCount()
            + " bits " + where("while waiting for " + expected));
      }
      return p.getBits().getData();
    }, (nbits + 7) / 8, 8, (data, at) -> {
      long firstBit = at * 8; // pieces hold whole words
      long count = Math.min(nbits - firstBit, data.size() * 8L);
      unpackBits(data, count, words, (int) (firstBit / 64));
    });
    return words;
  }

  @Override
  public void receiveBlocks(long[] dst, int blockOff, int nBlocks) {
    String expected = nBlocks + " blocks";
    Objects.checkFromIndexSize(2L * blockOff, 2L * nBlocks, dst.length);
    receivePieces(Payload.KindCase.BLOCKS, expected, p -> {
      if (p.getBlocks().getCount() != nBlocks) {
        throw new ProtocolAbortException(Reason.MALFORMED, transport.describe() + ": got " + p.getBlocks().getCount()
            + " blocks " + where("while waiting for " + expected));
      }
      return p.getBlocks().getData();
    }, 16L * nBlocks, 16, (data, at) -> unpackBlocks(data, data.size() / 16, dst, blockOff + (int) (at / 16)));
  }

  @Override
  public byte[] receiveBytes(int maxLength) {
    String expected = "a byte string of at most " + maxLength + " bytes";
    Payload first = nextPayload(expected);
    checkKind(first, Payload.KindCase.RAW, expected);
    ByteString data = first.getRaw().getData();
    ProtocolAbortException.check(!first.getMore() && data.size() <= maxLength, transport.describe() + ": byte string of "
        + data.size() + (first.getMore() ? "+" : "") + " bytes " + where("while waiting for " + expected));
    return data.toByteArray();
  }

  // ---------------------------------------------------------------------------------------------------- lanes

  /**
   * Opens {@code lanes} channels that run in lockstep over this one ({@link LaneGroup}); this channel must have
   * nothing unread, and is not used until the group ends.
   */
  public LaneGroup openLanes(int lanes) {
    ensureOpen();
    flush();
    ProtocolAbortException.check(inBatch == null || inIndex >= inBatch.getItemsCount(),
        transport.describe() + ": unread protocol messages before lanes " + where(""));
    return new LaneGroup(this, lanes);
  }

  Options options() {
    return options;
  }

  /** A lane's channel: its stamps continue from the session channel's clock, as if it ran alone. */
  void continueStampsOf(FrameChannel session) {
    this.highestReceivedStamp = session.highestReceivedStamp;
  }

  /** Sends the lanes' messages of one round as one frame; {@code laneBytes} of it are counted by the lanes. */
  void sendLanes(Lanes lanes, long laneBytes) {
    ensureOpen();
    long stamp = highestReceivedStamp + 1;
    Frame f = Frame.newBuilder().setRound(stamp).setLanes(lanes).build();
    traffic.addSent(f.getSerializedSize() + GRPC_PREFIX_BYTES - laneBytes);
    traffic.observeStamp(stamp);
    transport.send(f, options.sendTimeout().toNanos());
  }

  /** Receives the next frame, which must carry lanes' messages; the lanes count their own bytes. */
  Lanes receiveLanes() {
    ensureOpen();
    Frame f = receiveFrame("while waiting for the messages of concurrent operations");
    switch (f.getBodyCase()) {
      case LANES -> {
        long laneBytes = 0;
        for (LaneBatch b : f.getLanes().getItemsList()) {
          laneBytes += laneItemBytes(b);
        }
        traffic.addReceived(f.getSerializedSize() + GRPC_PREFIX_BYTES - laneBytes);
        return f.getLanes();
      }
      case GOODBYE -> {
        peerSaidGoodbye = true;
        throw new ProtocolAbortException(Reason.PEER_CLOSED, transport.describe() + ": peer said goodbye ("
            + f.getGoodbye().getReason() + ") " + where("while waiting for the messages of concurrent operations"));
      }
      default -> throw unexpected(f, "the messages of concurrent operations");
    }
  }

  /** Wire bytes of one lane's item in a {@link Lanes} message: tag, length and the item. */
  static long laneItemBytes(LaneBatch b) {
    int size = b.getSerializedSize();
    return 1 + varintSize(size) + size;
  }

  // ------------------------------------------------------------------------------------------- control frames

  /** Sends a control frame (hello) outside any batch; pending messages are flushed first. */
  public void sendControl(Frame.Builder control) {
    ensureOpen();
    flush();
    long stamp = highestReceivedStamp + 1;
    Frame f = control.setRound(stamp).build();
    traffic.addSent(f.getSerializedSize() + GRPC_PREFIX_BYTES);
    traffic.observeStamp(stamp);
    transport.send(f, options.sendTimeout().toNanos());
  }

  /** Receives the next frame, which must be a control frame of type {@code body}. */
  public Frame receiveControl(Frame.BodyCase body) {
    ensureOpen();
    flush();
    ProtocolAbortException.check(inBatch == null || inIndex >= inBatch.getItemsCount(),
        transport.describe() + ": unread protocol messages before " + body);
    Frame f = receiveFrame("while waiting for " + body);
    traffic.addReceived(f.getSerializedSize() + GRPC_PREFIX_BYTES);
    if (f.getBodyCase() != body) {
      throw unexpected(f, body.toString());
    }
    return f;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      flush();
      sendControl(Frame.newBuilder().setGoodbye(Goodbye.newBuilder().setReason("done")));
      if (!peerSaidGoodbye) {
        Frame f = receiveFrame("while waiting for the peer's goodbye");
        if (f.getBodyCase() != Frame.BodyCase.GOODBYE) {
          throw new ProtocolAbortException(Reason.MALFORMED, transport.describe()
              + ": peer sent " + f.getBodyCase() + " after this side's last message");
        }
      }
      closed = true;
      transport.finishSending();
    } catch (RuntimeException e) {
      closed = true;
      transport.cancel("close failed", e);
      throw e;
    }
  }

  @Override
  public void abort(Throwable cause) {
    if (closed) {
      return;
    }
    closed = true;
    try {
      // a code and a text meant for the peer (PeerText), never the local exception's message
      Frame f = Frame.newBuilder().setRound(highestReceivedStamp + 1)
          .setError(Error.newBuilder().setCode(PeerText.code(cause)).setMessage(PeerText.forPeer(cause))).build();
      transport.send(f, Math.min(options.sendTimeout().toNanos(), 1_000_000_000L));
    } catch (RuntimeException ignored) {
      // the peer may already be gone: nothing more to tell it
    } finally {
      transport.cancel("aborted", cause);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("channel " + transport.describe() + " is closed");
    }
  }

  private static void checkWidth(int bitwidth) {
    if (bitwidth < 1 || bitwidth > 64) {
      throw new IllegalArgumentException("bitwidth must be in 1..64, got " + bitwidth);
    }
  }

  private static int varintSize(int v) {
    if ((v & (~0 << 7)) == 0) {
      return 1;
    }
    if ((v & (~0 << 14)) == 0) {
      return 2;
    }
    if ((v & (~0 << 21)) == 0) {
      return 3;
    }
    if ((v & (~0 << 28)) == 0) {
      return 4;
    }
    return 5;
  }
}
