package org.sirnn.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.sirnn.net.Channel;
import org.sirnn.ring.Ring;
import org.sirnn.test.ForwardingChannel;

/**
 * A Channel that forwards everything and records one party's view in order: every message it sent and every
 * message it received (values reduced to their width, bits above the count cleared; raw byte strings as their
 * length only). Used to check what a party actually sees, not what the protocol says it sees.
 */
final class ViewChannel extends ForwardingChannel {

  /** One message: {@code sent} or received, its kind, bitwidth (1 for bits, 128 for blocks, 8 for bytes) and values. */
  record Event(boolean sent, String kind, int bitwidth, long[] values) {
    int count() {
      return values.length;
    }
  }

  private final List<Event> events = Collections.synchronizedList(new ArrayList<>());

  ViewChannel(Channel inner) {
    super(inner);
  }

  /** The view so far, in order. */
  List<Event> events() {
    synchronized (events) {
      return new ArrayList<>(events);
    }
  }

  List<Event> received() {
    return events().stream().filter(e -> !e.sent()).toList();
  }

  List<Event> sent() {
    return events().stream().filter(Event::sent).toList();
  }

  private static long[] bits(long[] words, long nbits) {
    long[] copy = Arrays.copyOf(words, (int) ((nbits + 63) / 64));
    if (nbits % 64 != 0) {
      copy[copy.length - 1] &= (1L << (nbits % 64)) - 1;
    }
    return copy;
  }

  @Override
  public void sendLongs(long[] values, int off, int n, int bitwidth) {
    long[] copy = Arrays.copyOfRange(values, off, off + n);
    Ring.reduce(copy, bitwidth);
    events.add(new Event(true, "longs", bitwidth, copy));
    inner.sendLongs(values, off, n, bitwidth);
  }

  @Override
  public void sendBits(long[] words, long nbits) {
    events.add(new Event(true, "bits", 1, bits(words, nbits)));
    inner.sendBits(words, nbits);
  }

  @Override
  public void sendBlocks(long[] blocks, int blockOff, int nBlocks) {
    events.add(new Event(true, "blocks", 128, Arrays.copyOfRange(blocks, 2 * blockOff, 2 * (blockOff + nBlocks))));
    inner.sendBlocks(blocks, blockOff, nBlocks);
  }

  @Override
  public void sendBytes(byte[] data) {
    events.add(new Event(true, "bytes", 8, new long[data.length]));
    inner.sendBytes(data);
  }

  @Override
  public void receiveLongs(long[] dst, int off, int n, int bitwidth) {
    inner.receiveLongs(dst, off, n, bitwidth);
    long[] copy = Arrays.copyOfRange(dst, off, off + n);
    Ring.reduce(copy, bitwidth);
    events.add(new Event(false, "longs", bitwidth, copy));
  }

  @Override
  public long[] receiveBits(long nbits) {
    long[] r = inner.receiveBits(nbits);
    events.add(new Event(false, "bits", 1, bits(r, nbits)));
    return r;
  }

  @Override
  public void receiveBlocks(long[] dst, int blockOff, int nBlocks) {
    inner.receiveBlocks(dst, blockOff, nBlocks);
    events.add(new Event(false, "blocks", 128, Arrays.copyOfRange(dst, 2 * blockOff, 2 * (blockOff + nBlocks))));
  }

  @Override
  public byte[] receiveBytes(int maxLength) {
    byte[] r = inner.receiveBytes(maxLength);
    events.add(new Event(false, "bytes", 8, new long[r.length]));
    return r;
  }



}
