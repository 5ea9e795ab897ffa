package org.sirnn.test;

import org.sirnn.net.Channel;
import org.sirnn.net.Traffic;

/** A Channel that forwards every call to another; test wrappers override only what they observe. */
public abstract class ForwardingChannel implements Channel {
  protected final Channel inner;

  protected ForwardingChannel(Channel inner) {
    this.inner = inner;
  }

  @Override
  public void sendLongs(long[] values, int off, int n, int bitwidth) {
    inner.sendLongs(values, off, n, bitwidth);
  }

  @Override
  public void sendBits(long[] words, long nbits) {
    inner.sendBits(words, nbits);
  }

  @Override
  public void sendBlocks(long[] blocks, int blockOff, int nBlocks) {
    inner.sendBlocks(blocks, blockOff, nBlocks);
  }

  @Override
  public void sendBytes(byte[] data) {
    inner.sendBytes(data);
  }

  @Override
  public void flush() {
    inner.flush();
  }

  @Override
  public void receiveLongs(long[] dst, int off, int n, int bitwidth) {
    inner.receiveLongs(dst, off, n, bitwidth);
  }

  @Override
  public long[] receiveBits(long nbits) {
    return inner.receiveBits(nbits);
  }

  @Override
  public void receiveBlocks(long[] dst, int blockOff, int nBlocks) {
    inner.receiveBlocks(dst, blockOff, nBlocks);
  }

  @Override
  public byte[] receiveBytes(int maxLength) {
    return inner.receiveBytes(maxLength);
  }

  @Override
  public Traffic traffic() {
    return inner.traffic();
  }

  @Override
  public void close() {
    inner.close();
  }

  @Override
  public void abort(Throwable cause) {
    inner.abort(cause);
  }
}
