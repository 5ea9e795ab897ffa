package org.sirnn.test;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.sirnn.net.Channel;

/**
 * A Channel that forwards everything and records what this party sent: a SHA-256 digest of all of it, and a copy
 * of every vector of values, bits and blocks (values reduced to their width, bits above the count cleared), to
 * compare transcripts.
 */
public final class RecordingChannel extends ForwardingChannel {
  private final MessageDigest digest;
  private final java.util.List<long[]> sent = new java.util.ArrayList<>();

  public RecordingChannel(Channel inner) {
    super(inner);
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void record(long[] v, int off, int n) {
    for (int i = off; i < off + n; i++) {
      long x = v[i];
      for (int k = 0; k < 8; k++) {
        digest.update((byte) (x >>> (8 * k)));
      }
    }
  }

  /** Copies of the vectors sent so far, in order (raw byte strings excluded). */
  public java.util.List<long[]> sentVectors() {
    return sent;
  }

  /** Hex SHA-256 of everything sent so far. */
  public String transcriptDigest() {
    try {
      return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void sendLongs(long[] values, int off, int n, int bitwidth) {
    record(values, off, n);
    long[] copy = java.util.Arrays.copyOfRange(values, off, off + n);
    org.sirnn.ring.Ring.reduce(copy, bitwidth);
    sent.add(copy);
    inner.sendLongs(values, off, n, bitwidth);
  }

  @Override
  public void sendBits(long[] words, long nbits) {
    record(words, 0, (int) ((nbits + 63) / 64));
    long[] copy = java.util.Arrays.copyOf(words, (int) ((nbits + 63) / 64));
    if (nbits % 64 != 0) {
      copy[copy.length - 1] &= (1L << (nbits % 64)) - 1;
    }
    sent.add(copy);
    inner.sendBits(words, nbits);
  }

  @Override
  public void sendBlocks(long[] blocks, int blockOff, int nBlocks) {
    record(blocks, 2 * blockOff, 2 * nBlocks);
    sent.add(java.util.Arrays.copyOfRange(blocks, 2 * blockOff, 2 * (blockOff + nBlocks)));
    inner.sendBlocks(blocks, blockOff, nBlocks);
  }

  @Override
  public void sendBytes(byte[] data) {
    digest.update(data);
    inner.sendBytes(data);
  }








}
