package org.sirnn.client.bench.link;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * One direction of an emulated link: bytes read from {@code from} are written to {@code to} in order, each chunk
 * no earlier than its arrival, plus its queueing behind earlier chunks at the rate (serialization time
 * bytes x 8 / rate), plus the one-way latency, as on a link that serializes then propagates.
 *
 * <p>A reader thread stamps each read (whatever the socket holds, up to {@link #CHUNK_BYTES}: small reads
 * coalesce by themselves) with its release time and queues it; a writer thread waits for the head chunk's
 * release time (parking, then spinning the last {@link #SPIN_NANOS}, so the wait does not overshoot by the
 * timer slack) and writes it together with any later chunks already due. Buffering is bounded by a fixed pool
 * of {@link #POOL} chunks (made as needed): when they are all in flight the reader stops reading and TCP pushes back on the
 * sender. End of stream is forwarded as a half-close after the data before it.
 */
final class Pipe {
  /** Largest read, in bytes. */
  static final int CHUNK_BYTES = 64 << 10;
  /** Chunks per direction: at most POOL x CHUNK_BYTES (4 MiB) buffered. */
  static final int POOL = 64;
  /** The last stretch of a wait is spun rather than parked (Linux' timer slack is 50 us). */
  static final long SPIN_NANOS = 80_000;
  private static final int GATHER = 16;

  /** What a pipe tells its connection. */
  interface Listener {
    /** The end of stream was forwarded. */
    void ended(Pipe p);

    /** Reading or writing failed (the other side reset or the relay is closing). */
    void failed(Pipe p, IOException e);
  }

  private static final class Chunk {
    final ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK_BYTES);
    long releaseAt;
    boolean eof;
  }

  private final SocketChannel from;
  private final SocketChannel to;
  private final long oneWay;
  private final double nanosPerByte;
  private final Listener listener;
  private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(POOL);
  private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(POOL);
  private int allocated; // chunks made so far (reader thread only), at most POOL
  private final Thread reader;
  private final Thread writer;

  Pipe(String name, SocketChannel from, SocketChannel to, LinkSpec spec, Listener listener) {
    this.from = from;
    this.to = to;
    this.oneWay = spec.oneWayNanos();
    this.nanosPerByte = spec.nanosPerByte();
    this.listener = listener;
    reader = daemon(this::readLoop, name + "-read");
    writer = daemon(this::writeLoop, name + "-write");
  }

  void start() {
    reader.start();
    writer.start();
  }

  /** Interrupts both threads (the connection closes the sockets). */
  void stop() {
    reader.interrupt();
    writer.interrupt();
  }

  /** Waits up to {@code millis} for each thread to end. */
  void join(long millis) throws InterruptedException {
    reader.join(millis);
    writer.join(millis);
  }

  private void readLoop() {
    long lineFree = 0; // when the emulated line has serialized everything queued so far
    try {
      while (true) {
        Chunk c = nextFree();
        int n = from.read(c.buf);
        long now = System.nanoTime();
        long start = Math.max(now, lineFree);
        if (n < 0) {
          c.eof = true;
          c.releaseAt = start + oneWay;
          full.put(c);
          return;
        }
        lineFree = start + Math.round(n * nanosPerByte);
        c.releaseAt = lineFree + oneWay;
        c.buf.flip();
        full.put(c);
      }
    } catch (IOException e) {
      listener.failed(this, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A free chunk, cleared: a returned one, a new one while fewer than POOL exist, else waits for one. */
  private Chunk nextFree() throws InterruptedException {
    Chunk c = free.poll();
    if (c == null) {
      if (allocated < POOL) {
        allocated++;
        return new Chunk();
      }
      c = free.take();
    }
    c.buf.clear();
    return c;
  }

  private void writeLoop() {
    Chunk[] batch = new Chunk[GATHER];
    ByteBuffer[] bufs = new ByteBuffer[GATHER];
    try {
      while (true) {
        Chunk c = full.take();
        waitUntil(c.releaseAt);
        if (c.eof) {
          to.shutdownOutput();
          listener.ended(this);
          return;
        }
        int k = 0;
        long left = 0;
        batch[k] = c;
        bufs[k++] = c.buf;
        left += c.buf.remaining();
        long now = System.nanoTime();
        Chunk next;
        while (k < GATHER && (next = full.peek()) != null && !next.eof && next.releaseAt - now <= 0) {
          full.poll();
          batch[k] = next;
          bufs[k++] = next.buf;
          left += next.buf.remaining();
        }
        while (left > 0) {
          left -= to.write(bufs, 0, k);
        }
        for (int i = 0; i < k; i++) {
          free.put(batch[i]);
          batch[i] = null;
          bufs[i] = null;
        }
      }
    } catch (IOException e) {
      listener.failed(this, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Returns at {@code deadline} (System.nanoTime), not before, and as little after as the scheduler allows. */
  static void waitUntil(long deadline) throws InterruptedException {
    long left;
    while ((left = deadline - System.nanoTime()) > SPIN_NANOS) {
      LockSupport.parkNanos(left - SPIN_NANOS);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
    while (deadline - System.nanoTime() > 0) {
      Thread.onSpinWait();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
