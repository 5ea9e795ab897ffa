package org.sirnn.test;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sirnn.net.Channel;
import org.sirnn.net.FrameChannel;

/** Runs the server's and the client's half of a two-party test on two threads and returns both results. */
public final class TwoParties {

  /** One party's half. */
  @FunctionalInterface
  public interface Half<T> {
    T run(Channel channel) throws Exception;
  }

  /** Both results: the server's first. */
  public record Results<S, C>(S server, C client) {}

  private TwoParties() {}

  /** Runs the halves over a fresh in-memory channel pair, failing after {@code seconds}. */
  public static <S, C> Results<S, C> inMemory(Half<S> server, Half<C> client, int seconds) throws Exception {
    FrameChannel[] pair = FrameChannel.inMemoryPair();
    return run(pair[0], pair[1], server, client, seconds);
  }

  /** Runs the halves on the given channels, failing after {@code seconds}; rethrows the first failure. */
  public static <S, C> Results<S, C> run(Channel serverChannel, Channel clientChannel, Half<S> server, Half<C> client,
      int seconds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "two-parties");
      t.setDaemon(true);
      return t;
    });
    try {
      Future<S> s = pool.submit(() -> server.run(serverChannel));
      Future<C> c = pool.submit(() -> client.run(clientChannel));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      S sr = await(s, deadline, c);
      C cr = await(c, deadline, s);
      return new Results<>(sr, cr);
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> T await(Future<T> f, long deadline, Future<?> other) throws Exception {
    try {
      return f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      other.cancel(true);
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      throw e;
    } catch (TimeoutException e) {
      other.cancel(true);
      f.cancel(true);
      throw new AssertionError("two-party run did not finish in time", e);
    }
  }
}
