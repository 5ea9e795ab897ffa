package org.sirnn.client.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SessionQueue}: arrival order, a bounded queue, refusals that say why, withdrawal of a caller that gave up. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionQueueTest {
  @Test
  void waitingCallsRunInArrivalOrder_andAFullQueueIsRefused() throws Exception {
    SessionQueue q = new SessionQueue(1, 3);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(4);
    List<Integer> order = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    q.admit("m", null).execute(() -> {
      started.countDown();
      await(release);
      order.add(0);
      done.countDown();
    });
    assertTrue(started.await(10, TimeUnit.SECONDS));
    for (int i = 1; i <= 3; i++) {
      int k = i;
      q.admit("m", null).execute(() -> {
        order.add(k);
        done.countDown();
      });
    }
    assertEquals(3, q.waiting());
    StatusException full = assertThrows(StatusException.class, () -> q.admit("m", null));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, full.getStatus().getCode());
    assertTrue(full.getStatus().getDescription().contains("queue is full"), full.getStatus().getDescription());
    release.countDown();
    assertTrue(done.await(10, TimeUnit.SECONDS));
    assertEquals(List.of(0, 1, 2, 3), order);
    q.shutdown(Duration.ofSeconds(1));
  }

  @Test
  void callWhoseDeadlineTheQueueWouldOutlastIsRefused() throws Exception {
    SessionQueue q = new SessionQueue(1, 8);
    q.record("slow", TimeUnit.SECONDS.toNanos(10));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    q.admit("slow", null).execute(() -> {
      started.countDown();
      await(release);
    });
    assertTrue(started.await(10, TimeUnit.SECONDS));
    q.admit("slow", null).execute(() -> { });
    StatusException late = assertThrows(StatusException.class,
        () -> q.admit("slow", Deadline.after(5, TimeUnit.SECONDS)));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, late.getStatus().getCode());
    assertTrue(late.getStatus().getDescription().contains("deadline cannot be met"),
        late.getStatus().getDescription());
    // a deadline that leaves room waits; a call that would not wait is never refused for its deadline
    q.admit("slow", Deadline.after(60, TimeUnit.SECONDS)).release();
    SessionQueue idle = new SessionQueue(1, 8);
    idle.record("slow", TimeUnit.SECONDS.toNanos(10));
    idle.admit("slow", Deadline.after(1, TimeUnit.SECONDS)).release();
    release.countDown();
    q.shutdown(Duration.ofSeconds(1));
  }

  @Test
  void withdrawnCallNeverRuns_andFreesItsPlace() throws Exception {
    SessionQueue q = new SessionQueue(1, 1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    q.admit("m", null).execute(() -> {
      started.countDown();
      await(release);
    });
    assertTrue(started.await(10, TimeUnit.SECONDS));
    List<String> ran = new CopyOnWriteArrayList<>();
    SessionQueue.Ticket waiting = q.admit("m", null);
    waiting.execute(() -> ran.add("withdrawn one"));
    assertTrue(waiting.withdraw());
    assertEquals(0, q.waiting());
    CountDownLatch next = new CountDownLatch(1);
    q.admit("m", null).execute(next::countDown); // the freed place
    release.countDown();
    assertTrue(next.await(10, TimeUnit.SECONDS));
    assertEquals(List.of(), ran);
    q.shutdown(Duration.ofSeconds(1));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
