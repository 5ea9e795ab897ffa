package org.sirnn.net;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.sirnn.net.ProtocolAbortException.Reason;
import org.sirnn.proto.Frame;
import org.sirnn.proto.LaneBatch;
import org.sirnn.proto.Lanes;

/**
 * Operations that do not depend on each other, run in lockstep over one session channel: each gets a lane, a
 * {@link FrameChannel} of its own (its messages in order, its own {@link Traffic} lane), and whatever all lanes send
 * in one round travels in one frame ({@code Frame.lanes}, each lane's messages tagged with its index), so the group
 * costs the rounds of its longest lane, not their sum.
 *
 * <p>Lockstep: each lane runs on its own thread until it needs a message that has not arrived, or a value another
 * lane of this party computes ({@link #await}). When every lane still running waits so (the group is
 * <em>quiescent</em>), one of the waiting threads sends everything the lanes have queued as one frame and reads the
 * peer's next frame, which it hands out to the lanes. Which messages share a frame
 * thus follows from the messages alone, not from thread timing, and so do the rounds (the frames' Lamport stamps);
 * a lane that queues more than {@link FrameChannel#PIECE_BYTES} sends early in frames of the same round, so large
 * vectors stream as they do on one channel. Both parties must open the same groups in the same order with the same
 * number of lanes, and lane i on one side talks to lane i on the other.
 *
 * <p>Cost: the lanes' messages plus about 5-20 bytes per lane and frame (index, stamp, lengths), counted in the
 * lanes' scopes; the frame's own framing is counted in the scope that opened the group.
 *
 * <p>Failure: a lane that fails ({@link #fail}) or a frame that does not fit (unknown lane, a lane's messages left
 * unread at the end) wakes every waiting lane with the same {@link ProtocolAbortException}; the session channel is
 * then unusable, as after any protocol failure. The channel that opened the group must not be used until it ends.
 */
public final class LaneGroup {

  private static final int LANE_FRAMING_MARGIN = 256;

  private final FrameChannel session;
  private final FrameChannel[] lanes;
  private final ArrayDeque<LaneBatch>[] inbox;
  private final BooleanSupplier[] waitingFor; // what a waiting lane needs; null while it runs
  private final boolean[] done;
  private final Object io = new Object(); // held while a frame is written, so the lanes' frames leave in order
  private final int frameLimit;

  // guarded by this
  private Lanes.Builder outbox = Lanes.newBuilder();
  private long outBytes;
  private int live;
  private boolean exchanging;
  private RuntimeException failure;

  @SuppressWarnings("unchecked")
  LaneGroup(FrameChannel session, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a lane group needs at least one lane, got " + count);
    }
    this.session = session;
    this.frameLimit = session.options().maxFrameBytes() - 64;
    FrameChannel.Options laneOptions = session.options()
        .withMaxFrameBytes(session.options().maxFrameBytes() - LANE_FRAMING_MARGIN);
    this.lanes = new FrameChannel[count];
    this.inbox = new ArrayDeque[count];
    this.waitingFor = new BooleanSupplier[count];
    this.done = new boolean[count];
    for (int i = 0; i < count; i++) {
      inbox[i] = new ArrayDeque<>();
      lanes[i] = new FrameChannel(new LaneTransport(i), laneOptions, session.traffic().lane());
      lanes[i].continueStampsOf(session);
    }
    this.live = count;
  }

  /** Number of lanes. */
  public int size() {
    return lanes.length;
  }

  /** Lane i's channel: used by one thread, never closed (see {@link #finished}). */
  public FrameChannel channel(int lane) {
    return lanes[lane];
  }

  /**
   * Lane i's operation has ended: its queued messages are sent with the group's next frame. When the last lane
   * ends, what is still queued leaves, and the group checks that every lane read all its messages.
   */
  public void finished(int lane) {
    lanes[lane].flush();
    boolean last;
    synchronized (this) {
      done[lane] = true;
      live--;
      last = live == 0;
      if (!last) {
        notifyAll(); // the lanes still waiting may now be the whole group
      }
    }
    if (last) {
      ship();
      synchronized (this) {
        for (int i = 0; i < inbox.length; i++) {
          if (!inbox[i].isEmpty()) {
            throw fail(new ProtocolAbortException(Reason.MALFORMED, session.transport().describe() + ": lane " + i
                + " of " + inbox.length + " ended with " + inbox[i].size() + " unread message batches"));
          }
        }
      }
    }
  }

  /** Ends the group with {@code cause}: every lane waiting for a message throws it. Returns the failure to throw. */
  public RuntimeException fail(Throwable cause) {
    synchronized (this) {
      if (failure == null) {
        failure = cause instanceof ProtocolAbortException p ? p
            : cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
      }
      notifyAll();
      return failure;
    }
  }

  private void enqueue(int lane, Frame frame) {
    if (frame.getBodyCase() != Frame.BodyCase.BATCH) {
      throw new IllegalStateException("lane " + lane + " may only send protocol messages, not " + frame.getBodyCase());
    }
    LaneBatch item = LaneBatch.newBuilder().setLane(lane).setRound(frame.getRound()).setBatch(frame.getBatch()).build();
    long bytes = FrameChannel.laneItemBytes(item);
    boolean full;
    synchronized (this) {
      full = outBytes > 0 && outBytes + bytes > frameLimit;
    }
    if (full) {
      ship();
    }
    synchronized (this) {
      outbox.addItems(item);
      outBytes += bytes;
      full = outBytes >= FrameChannel.PIECE_BYTES;
    }
    if (full) {
      ship();
    }
  }

  /** Sends what the lanes queued as one frame (nothing if they queued nothing). */
  private void ship() {
    synchronized (io) {
      Lanes out;
      long bytes;
      synchronized (this) {
        if (outBytes == 0) {
          return;
        }
        out = outbox.build();
        bytes = outBytes;
        outbox = Lanes.newBuilder();
        outBytes = 0;
      }
      session.sendLanes(out, bytes);
    }
  }

  /**
   * Lane {@code lane} waits for {@code value}, computed by another lane of this party (which must not wait for this
   * one); while it waits, the group's rounds go on without it.
   */
  public <T> T await(int lane, CompletableFuture<T> value) {
    value.whenComplete((v, e) -> {
      synchronized (this) {
        notifyAll();
      }
    });
    waitUntil(lane, value::isDone);
    return value.join();
  }

  private Frame take(int lane) {
    waitUntil(lane, () -> !inbox[lane].isEmpty());
    synchronized (this) {
      LaneBatch b = inbox[lane].poll();
      return Frame.newBuilder().setRound(b.getRound()).setBatch(b.getBatch()).build();
    }
  }

  /** Every lane still running waits for something that is not there. */
  private boolean quiescent() {
    for (int i = 0; i < done.length; i++) {
      if (!done[i] && (waitingFor[i] == null || waitingFor[i].getAsBoolean())) {
        return false;
      }
    }
    return true;
  }

  private void waitUntil(int lane, BooleanSupplier ready) {
    while (true) {
      synchronized (this) {
        while (true) {
          if (failure != null) {
            throw failure;
          }
          if (ready.getAsBoolean()) {
            waitingFor[lane] = null;
            return;
          }
          waitingFor[lane] = ready;
          if (!exchanging && quiescent()) {
            exchanging = true; // quiescent: this thread sends the round and reads the peer's
            break;
          }
          try {
            wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(new ProtocolAbortException(Reason.PEER_GONE, "interrupted while waiting in lane " + lane));
          }
        }
      }
      try {
        ship();
        Lanes in = session.receiveLanes();
        synchronized (this) {
          for (LaneBatch b : in.getItemsList()) {
            int to = b.getLane();
            if (to >= inbox.length || b.getRound() <= 0) {
              throw new ProtocolAbortException(Reason.MALFORMED, session.transport().describe()
                  + ": a message for lane " + to + " (stamp " + b.getRound() + ") in a group of " + inbox.length);
            }
            inbox[to].add(b);
          }
        }
      } catch (RuntimeException e) {
        throw fail(e);
      } finally {
        synchronized (this) {
          exchanging = false;
          notifyAll();
        }
      }
    }
  }

  /** Lane i's view of the session transport. */
  private final class LaneTransport implements FrameTransport {
    private final int lane;

    LaneTransport(int lane) {
      this.lane = lane;
    }

    @Override
    public void send(Frame frame, long timeoutNanos) {
      enqueue(lane, frame);
    }

    @Override
    public Frame receive(long timeoutNanos) {
      return take(lane);
    }

    @Override
    public void finishSending() {}

    @Override
    public void cancel(String why, Throwable cause) {
      fail(cause != null ? cause : new ProtocolAbortException(Reason.PEER_GONE, why));
    }

    @Override
    public long framingBytes(Frame frame, long payloadBytes) {
      LaneBatch item = LaneBatch.newBuilder().setLane(lane).setRound(frame.getRound()).setBatch(frame.getBatch())
          .build();
      return FrameChannel.laneItemBytes(item) - payloadBytes;
    }

    @Override
    public String describe() {
      return session.transport().describe() + " lane " + lane;
    }
  }
}
