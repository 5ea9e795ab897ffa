package org.sirnn.net.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.CallStreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sirnn.net.ProtocolAbortException;
import org.sirnn.net.ProtocolAbortException.Reason;
import org.sirnn.proto.Batch;
import org.sirnn.proto.Frame;
import org.sirnn.proto.Payload;
import org.sirnn.proto.RawBytes;

/** Issue 17, item 7: the first error stands (compare-and-set) and inbound buffering is bounded in bytes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamTransportLimitsTest {

  /** The outbound side of a call that records what the transport does to it. */
  private static final class RecordingCall extends CallStreamObserver<Frame> {
    volatile Throwable error;
    final AtomicInteger requested = new AtomicInteger();

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setOnReadyHandler(Runnable onReadyHandler) {}

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void request(int count) {
      requested.addAndGet(count);
    }

    @Override
    public void setMessageCompression(boolean enable) {}

    @Override
    public void onNext(Frame value) {}

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {}
  }

  private static Frame frame(int round, int bytes) {
    return Frame.newBuilder().setRound(round).setBatch(Batch.newBuilder().addItems(Payload.newBuilder()
        .setRaw(RawBytes.newBuilder().setData(ByteString.copyFrom(new byte[bytes]))))).build();
  }

  @Test
  void inboundBeyondTheBound_endsTheSessionWithResourceExhausted() {
    StreamTransport t = new StreamTransport("test link", 64 * 1024);
    RecordingCall call = new RecordingCall();
    t.attach(call);
    // a peer that keeps sending while the protocol thread takes nothing
    for (int i = 1; i <= 20; i++) {
      t.onNext(frame(i, 8 * 1024));
    }
    ProtocolAbortException e = assertThrows(ProtocolAbortException.class, () -> {
      while (true) {
        t.receive(TimeUnit.SECONDS.toNanos(5));
      }
    });
    assertTrue(e.getMessage().contains("ahead of the protocol"), e.getMessage());
    // the protocol thread ends the call (as FrameChannel.abort does): the peer is told RESOURCE_EXHAUSTED
    t.cancel("aborted", e);
    assertNotNull(call.error, "the call was not ended");
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, Status.fromThrowable(call.error).getCode());
  }

  @Test
  void framesTakenByTheProtocol_doNotCountAgainstTheBound() {
    StreamTransport t = new StreamTransport("test link", 64 * 1024);
    RecordingCall call = new RecordingCall();
    t.attach(call);
    for (int i = 1; i <= 200; i++) {
      t.onNext(frame(i, 8 * 1024));
      assertEquals(i, t.receive(TimeUnit.SECONDS.toNanos(5)).getRound());
    }
    assertEquals(null, call.error);
  }

  @Test
  void racingFailures_exactlyOneStands() throws Exception {
    for (int round = 0; round < 200; round++) {
      StreamTransport t = new StreamTransport("test link");
      t.attach(new RecordingCall());
      int n = 4;
      CyclicBarrier start = new CyclicBarrier(n);
      AtomicInteger winners = new AtomicInteger();
      List<ProtocolAbortException> errors = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      ProtocolAbortException[] won = new ProtocolAbortException[1];
      for (int i = 0; i < n; i++) {
        ProtocolAbortException e = new ProtocolAbortException(Reason.PEER_GONE, "failure " + i);
        errors.add(e);
        Thread th = new Thread(() -> {
          try {
            start.await();
          } catch (Exception ignored) {
            return;
          }
          if (t.fail(e)) {
            winners.incrementAndGet();
            won[0] = e;
          }
        });
        threads.add(th);
        th.start();
      }
      for (Thread th : threads) {
        th.join();
      }
      assertEquals(1, winners.get(), "exactly one failure must stand");
      assertSame(won[0], t.failure());
    }
  }
}
