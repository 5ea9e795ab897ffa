package org.sirnn.net.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.CallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.sirnn.net.FrameTransport;
import org.sirnn.net.PeerText;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.ProtocolAbortException.Reason;
import org.sirnn.proto.Frame;

/**
 * {@link FrameTransport} over one bidirectional gRPC stream, either end.
 *
 * <p>Outbound flow control: {@link #send} waits (bounded) until the call is ready ({@code isReady()}, woken by the
 * on-ready handler) so at most about one frame is buffered above gRPC's threshold. Inbound flow control is manual:
 * auto-request is disabled, {@link #WINDOW} frames are requested up front and one more each time the protocol
 * thread takes a frame, so gRPC threads never block and the peer runs at most {@link #WINDOW} frames ahead.
 * One exception keeps two-way protocol steps (both parties send a large message, then both receive) from
 * deadlocking: while this side's {@link #send} waits for flow control, every frame that arrives is granted one
 * more, so the peer's send always completes; what arrives meanwhile is held until the protocol reads it, so the
 * buffer is bounded by the size of one protocol step of the peer (every protocol works in bounded chunks), and in
 * any case by {@link #maxInboundBytes}: a peer that sends more than that ahead of the protocol ends the session with
 * {@code RESOURCE_EXHAUSTED}. The first error (peer cancelled, connection lost, deadline, overflow) wins (a
 * compare-and-set) and is rethrown to the protocol thread with the link's description.
 *
 * <p>Threads: calls on the outbound observer are serialized by one lock, but the gRPC callbacks never take it (the
 * on-ready handler only signals a separate condition), so a transport thread never waits while the protocol thread
 * serializes a frame; the callbacks may therefore run on the transport's own threads ({@code directExecutor()}).
 */
public final class StreamTransport implements FrameTransport, StreamObserver<Frame> {

  /** Frames requested ahead from the peer (each at most the frame limit, 1 MiB by default). */
  public static final int WINDOW = 4;

  /** End-of-stream marker: a private instance compared by identity (a peer's empty frame is never it). */
  private static final Frame END = Frame.newBuilder().setRound(-1).build();

  /** Default bound on bytes received but not yet taken by the protocol thread. */
  public static final long DEFAULT_MAX_INBOUND_BYTES = 256L << 20;

  private final String description;
  private final long maxInboundBytes;
  private final BlockingQueue<Frame> inbound = new LinkedBlockingQueue<>();
  /** Serialized bytes of the frames in {@link #inbound}. */
  private final AtomicLong inboundBytes = new AtomicLong();
  /** Serializes calls on {@link #outbound} (onNext, onCompleted, onError); never taken by gRPC callbacks. */
  private final ReentrantLock callLock = new ReentrantLock();
  /** Guards only the wait for {@code isReady()}; held for a few instructions. */
  private final ReentrantLock readyLock = new ReentrantLock();
  private final Condition ready = readyLock.newCondition();
  private volatile CallStreamObserver<Frame> outbound;
  private final AtomicReference<ProtocolAbortException> failure = new AtomicReference<>();
  private volatile boolean finished;
  private volatile boolean inboundEnded;
  private volatile boolean sendWaiting;

  public StreamTransport(String description) {
    this(description, DEFAULT_MAX_INBOUND_BYTES);
  }

  /** @param maxInboundBytes bound on bytes received ahead of the protocol thread (overflow ends the session) */
  public StreamTransport(String description, long maxInboundBytes) {
    if (maxInboundBytes < 1) {
      throw new IllegalArgumentException("maxInboundBytes must be >= 1, got " + maxInboundBytes);
    }
    this.description = description;
    this.maxInboundBytes = maxInboundBytes;
  }

  /** Attaches the outbound side of the call; must be called before the first send (in beforeStart / the handler). */
  void attach(CallStreamObserver<Frame> out) {
    this.outbound = out;
    out.setOnReadyHandler(this::signalReady);
  }

  /** Asks the peer for the first window of frames once the call is set up. */
  void requestInitial() {
    outbound.request(WINDOW);
  }

  private void signalReady() {
    readyLock.lock();
    try {
      ready.signalAll();
    } finally {
      readyLock.unlock();
    }
  }

  /**
   * Records the first failure (later ones are dropped) and wakes every waiter.
   *
   * @return true when {@code e} is the failure that stands (this call was the first)
   */
  boolean fail(ProtocolAbortException e) {
    boolean first = failure.compareAndSet(null, e);
    inbound.offer(END);
    signalReady();
    return first;
  }

  /** The failure that ended this transport, or null while it is healthy. */
  ProtocolAbortException failure() {
    return failure.get();
  }

  // --------------------------------------------------------------------------------- inbound (gRPC threads)

  @Override
  public void onNext(Frame frame) {
    if (failure.get() != null) {
      return; // the session is over: nothing more is kept
    }
    long held = inboundBytes.addAndGet(frame.getSerializedSize());
    if (held > maxInboundBytes) {
      // no lock here (a gRPC thread): the protocol thread sees the failure at once and ends the call
      // (FrameChannel.abort -> cancel), which tells the peer RESOURCE_EXHAUSTED
      inbound.clear();
      inboundBytes.set(0);
      fail(new ProtocolAbortException(Reason.BUSY, description + ": the peer sent " + held
          + " bytes ahead of the protocol, more than the bound of " + maxInboundBytes + " bytes"));
      return;
    }
    inbound.offer(frame); // bounded by the grants and by maxInboundBytes
    if (sendWaiting) {
      requestOne();
    }
  }

  private void requestOne() {
    try {
      outbound.request(1);
    } catch (RuntimeException ignored) {
      // the call is over; the protocol thread learns why on its next receive
    }
  }

  @Override
  public void onError(Throwable t) {
    Status s = Status.fromThrowable(t);
    Reason r = switch (s.getCode()) {
      case DEADLINE_EXCEEDED -> Reason.TIMEOUT;
      case CANCELLED, UNAVAILABLE -> Reason.PEER_GONE;
      case RESOURCE_EXHAUSTED -> s.getDescription() != null && s.getDescription().contains(
          ProtocolAbortException.BUSY_PREFIX) ? Reason.BUSY : Reason.MALFORMED;
      case INVALID_ARGUMENT -> Reason.MALFORMED;
      case FAILED_PRECONDITION, UNIMPLEMENTED -> Reason.INCOMPATIBLE;
      default -> Reason.PEER_ERROR;
    };
    fail(new ProtocolAbortException(r, description + ": stream failed: " + s.getCode()
        + (s.getDescription() == null ? "" : " (" + PeerText.bounded(s.getDescription(), 1000) + ")"), t));
  }

  @Override
  public void onCompleted() {
    inboundEnded = true;
    inbound.offer(END);
  }

  /** Called when the peer cancels the call (server side) or the connection drops. */
  void peerCancelled() {
    fail(new ProtocolAbortException(Reason.PEER_GONE, description + ": peer cancelled the session"));
  }

  // ------------------------------------------------------------------------------- outbound (protocol thread)

  @Override
  public void send(Frame frame, long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    callLock.lock();
    try {
      awaitReady(deadline, timeoutNanos);
      outbound.onNext(frame); // serializes the frame on this thread; the transport writes it out meanwhile
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProtocolAbortException(Reason.PEER_GONE, description + ": interrupted while sending", e);
    } catch (StatusRuntimeException | IllegalStateException e) {
      if (failure.get() != null) {
        throw rethrow();
      }
      throw new ProtocolAbortException(Reason.PEER_GONE, description + ": send failed: " + e.getMessage(), e);
    } finally {
      sendWaiting = false;
      callLock.unlock();
    }
  }

  /** Waits (bounded) until the call takes more data; caller holds {@link #callLock}. */
  private void awaitReady(long deadline, long timeoutNanos) throws InterruptedException {
    while (true) {
      if (failure.get() != null) {
        throw rethrow();
      }
      if (finished) {
        throw new IllegalStateException(description + ": send after finish");
      }
      if (outbound.isReady()) {
        return;
      }
      if (!sendWaiting) {
        sendWaiting = true; // let the peer's own send finish while ours waits (see class javadoc)
        requestOne();
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new ProtocolAbortException(Reason.TIMEOUT, description + ": peer took no data for "
            + timeoutNanos / 1_000_000 + " ms (flow control)");
      }
      readyLock.lock();
      try {
        // re-checked under the lock the on-ready handler signals with, so its wake-up cannot be missed
        if (!outbound.isReady() && failure.get() == null) {
          ready.awaitNanos(Math.min(left, 100_000_000L));
        }
      } finally {
        readyLock.unlock();
      }
    }
  }

  @Override
  public Frame receive(long timeoutNanos) {
    Frame f;
    try {
      f = inbound.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProtocolAbortException(Reason.PEER_GONE, description + ": interrupted while receiving", e);
    }
    if (f == null) {
      throw new ProtocolAbortException(Reason.TIMEOUT, description + ": nothing from the peer within "
          + timeoutNanos / 1_000_000 + " ms");
    }
    if (f == END) {
      inbound.offer(END);
      if (failure.get() != null) {
        throw rethrow();
      }
      throw new ProtocolAbortException(Reason.PEER_CLOSED, description + ": peer ended the stream");
    }
    inboundBytes.addAndGet(-f.getSerializedSize());
    requestOne();
    return f;
  }

  private ProtocolAbortException rethrow() {
    ProtocolAbortException f = failure.get();
    return new ProtocolAbortException(f.reason(), f.getMessage(), f);
  }

  @Override
  public void finishSending() {
    callLock.lock();
    try {
      if (!finished && failure.get() == null) {
        finished = true;
        outbound.onCompleted();
      }
    } catch (RuntimeException ignored) {
      // already closed by the peer
    } finally {
      callLock.unlock();
    }
  }

  /**
   * Ends the call: this side's protocol thread gets {@code cause} (a {@link ProtocolAbortException} as it is, anything
   * else as PEER_GONE), the peer a status whose code and text come from {@link PeerText} (a refusal's own text, or
   * a generic one; never a local exception's message).
   */
  @Override
  public void cancel(String why, Throwable cause) {
    fail(cause instanceof ProtocolAbortException pa ? pa
        : new ProtocolAbortException(Reason.PEER_GONE, description + ": " + why, cause));
    callLock.lock();
    try {
      if (!finished) {
        finished = true;
        outbound.onError(Status.fromCodeValue(PeerText.code(cause)).withDescription(PeerText.forPeer(cause))
            .asRuntimeException());
      }
    } catch (RuntimeException ignored) {
      // already closed
    } finally {
      callLock.unlock();
    }
  }

  /** True once the peer half-closed its side. */
  public boolean inboundEnded() {
    return inboundEnded;
  }

  @Override
  public String describe() {
    return description;
  }
}
