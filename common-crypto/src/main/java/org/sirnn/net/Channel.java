package org.sirnn.net;

/**
 * The only view of the peer that protocol code has: typed vectors sent in order, received in the same order.
 *
 * <p>Every protocol of the library is written against this interface, never against gRPC. Messages are buffered
 * until {@link #flush()}, which ends the sender's current round: all messages flushed together travel in one frame
 * (or in several frames of at most the frame limit for large payloads). A receive first flushes whatever is pending,
 * so a party can never wait for an answer to a message it has not sent.
 *
 * <p>Values are packed to exactly their bitwidth on the wire: {@code n} values of {@code l} bits cost
 * {@code ceil(n*l/8)} payload bytes. Every receive names the type, bitwidth and count it expects; a message that
 * does not match ends the session with {@link ProtocolAbortException} ({@link ProtocolAbortException.Reason#MALFORMED}).
 * A receive that gets nothing within the channel's timeout ends with {@link ProtocolAbortException.Reason#TIMEOUT}.
 *
 * <p>A channel belongs to one session and is used by one protocol thread at a time; it is not thread-safe.
 */
public interface Channel extends AutoCloseable {

  /** Queues {@code n} values of {@code bitwidth} bits (1..64) from {@code values[off..off+n)}; bits above the width are ignored. */
  void sendLongs(long[] values, int off, int n, int bitwidth);

  /** Queues all of {@code values} as {@code bitwidth}-bit values. */
  default void sendLongs(long[] values, int bitwidth) {
    sendLongs(values, 0, values.length, bitwidth);
  }

  /** Queues {@code nbits} bits stored 64 per word (bit i is bit i%64 of {@code words[i/64]}). */
  void sendBits(long[] words, long nbits);

  /** Queues {@code nBlocks} 128-bit blocks stored as two longs each (low half first) from block {@code blockOff}. */
  void sendBlocks(long[] blocks, int blockOff, int nBlocks);

  /** Queues an opaque byte string with its own encoding (e.g. elliptic-curve points). */
  void sendBytes(byte[] data);

  /** Ends the current round: everything queued is handed to the transport now. */
  void flush();

  /** Receives {@code n} values of {@code bitwidth} bits into {@code dst[off..off+n)}, each reduced to the width. */
  void receiveLongs(long[] dst, int off, int n, int bitwidth);

  /** Receives {@code n} values of {@code bitwidth} bits. */
  default long[] receiveLongs(int n, int bitwidth) {
    long[] out = new long[n];
    receiveLongs(out, 0, n, bitwidth);
    return out;
  }

  /** Receives {@code nbits} bits as ceil(nbits/64) words, bits above {@code nbits} zero. */
  long[] receiveBits(long nbits);

  /** Receives {@code nBlocks} 128-bit blocks into {@code dst} starting at block {@code blockOff}. */
  void receiveBlocks(long[] dst, int blockOff, int nBlocks);

  /** Receives an opaque byte string of at most {@code maxLength} bytes. */
  byte[] receiveBytes(int maxLength);

  /** Byte, round and time accounting of this channel, by operator scope. */
  Traffic traffic();

  /** Ends the session normally: flushes, says goodbye and waits (bounded) for the peer's goodbye. */
  @Override
  void close();

  /** Ends the session with an error that the peer is told about (best effort); never throws. */
  void abort(Throwable cause);
}
