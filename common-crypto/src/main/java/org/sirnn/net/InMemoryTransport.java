package org.sirnn.net;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.sirnn.proto.Frame;

/**
 * Two bounded queues joining two parties in one JVM, for tests and in-process runs. Frames are passed as objects
 * (not serialized) but counted at their serialized size, so byte figures match the gRPC transport.
 */
public final class InMemoryTransport implements FrameTransport {
  /** End-of-stream marker: a private instance compared by identity (a peer's empty frame is never it). */
  private static final Frame END = Frame.newBuilder().setRound(-1).build();

  private final BlockingQueue<Frame> outbound;
  private final BlockingQueue<Frame> inbound;
  private final String name;
  private volatile boolean cancelled;
  private volatile InMemoryTransport peer;

  private InMemoryTransport(BlockingQueue<Frame> outbound, BlockingQueue<Frame> inbound, String name) {
    this.outbound = outbound;
    this.inbound = inbound;
    this.name = name;
  }

  /**
   * A connected pair: element 0 is the server side, element 1 the client side. Queues are unbounded, like the gRPC
   * transport while a send waits: a protocol step where both parties send before either receives must not
   * deadlock.
   */
  public static InMemoryTransport[] pair() {
    BlockingQueue<Frame> toClient = new LinkedBlockingQueue<>();
    BlockingQueue<Frame> toServer = new LinkedBlockingQueue<>();
    InMemoryTransport server = new InMemoryTransport(toClient, toServer, "in-memory server side");
    InMemoryTransport client = new InMemoryTransport(toServer, toClient, "in-memory client side");
    server.peer = client;
    client.peer = server;
    return new InMemoryTransport[] {server, client};
  }

  @Override
  public void send(Frame frame, long timeoutNanos) {
    if (cancelled || peer.cancelled) {
      throw new ProtocolAbortException(ProtocolAbortException.Reason.PEER_GONE, describe() + ": link cancelled");
    }
    try {
      if (!outbound.offer(frame, timeoutNanos, TimeUnit.NANOSECONDS)) {
        throw new ProtocolAbortException(ProtocolAbortException.Reason.TIMEOUT,
            describe() + ": peer did not take a frame within " + timeoutNanos / 1_000_000 + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProtocolAbortException(ProtocolAbortException.Reason.PEER_GONE, describe() + ": interrupted", e);
    }
  }

  @Override
  public Frame receive(long timeoutNanos) {
    try {
      Frame f = inbound.poll(timeoutNanos, TimeUnit.NANOSECONDS);
      if (f == null) {
        if (peer.cancelled) {
          throw new ProtocolAbortException(ProtocolAbortException.Reason.PEER_GONE, describe() + ": peer cancelled");
        }
        throw new ProtocolAbortException(ProtocolAbortException.Reason.TIMEOUT,
            describe() + ": nothing from the peer within " + timeoutNanos / 1_000_000 + " ms");
      }
      if (f == END) {
        inbound.offer(END);
        throw new ProtocolAbortException(peer.cancelled ? ProtocolAbortException.Reason.PEER_GONE
            : ProtocolAbortException.Reason.PEER_CLOSED, describe() + ": peer ended the stream");
      }
      return f;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProtocolAbortException(ProtocolAbortException.Reason.PEER_GONE, describe() + ": interrupted", e);
    }
  }

  @Override
  public void finishSending() {
    outbound.offer(END);
  }

  @Override
  public void cancel(String why, Throwable cause) {
    cancelled = true;
    outbound.offer(END);
  }

  @Override
  public String describe() {
    return name;
  }
}
