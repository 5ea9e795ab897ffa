package org.sirnn.client.bench.link;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 that emulates a network link ({@link LinkSpec}) between a client and {@code target}:
 * every accepted connection is forwarded to a new connection to the target through two {@link Pipe}s, one per
 * direction, each delaying by half the round-trip time and pacing to the rate. It relays bytes only, so it carries
 * HTTP/2 (gRPC's PartyLink) or anything else. Stands in for {@code tc netem}, which needs privileges this bench
 * does not have.
 *
 * <p>A connection ends when both directions have forwarded their end of stream, or at once (both sockets closed)
 * when either side fails or resets. {@link #close()} stops accepting and closes every connection.
 */
public final class LinkRelay implements AutoCloseable {
  private final ServerSocketChannel listener;
  private final InetSocketAddress target;
  private final LinkSpec spec;
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final Thread acceptor;
  private volatile boolean closed;

  private LinkRelay(ServerSocketChannel listener, InetSocketAddress target, LinkSpec spec) {
    this.listener = listener;
    this.target = target;
    this.spec = spec;
    acceptor = new Thread(this::acceptLoop, "link-relay-accept");
    acceptor.setDaemon(true);
  }

  /** Starts a relay on an ephemeral port of 127.0.0.1 to {@code target} over the link {@code spec}. */
  public static LinkRelay start(InetSocketAddress target, LinkSpec spec) throws IOException {
    ServerSocketChannel s = ServerSocketChannel.open();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    LinkRelay r = new LinkRelay(s, target, spec);
    r.acceptor.start();
    return r;
  }

  /** Where clients connect. */
  public InetSocketAddress address() {
    try {
      return (InetSocketAddress) listener.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException("relay closed", e);
    }
  }

  public LinkSpec spec() {
    return spec;
  }

  /** Connections accepted so far. */
  public int accepted() {
    return accepted.get();
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel in;
      try {
        in = listener.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      accepted.incrementAndGet();
      SocketChannel out = null;
      try {
        out = SocketChannel.open(target);
        in.setOption(StandardSocketOptions.TCP_NODELAY, true);
        out.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Connection c = new Connection(in, out, accepted.get());
        open.add(c);
        c.start();
        if (closed) {
          c.abort();
        }
      } catch (IOException e) {
        closeQuietly(in);
        closeQuietly(out);
      }
    }
  }

  /** Stops accepting and closes every connection (both sockets), waiting briefly for the threads. */
  @Override
  public void close() throws InterruptedException {
    closed = true;
    closeQuietly(listener);
    acceptor.join(1000);
    for (Connection c : open) {
      c.abort();
      c.join(1000);
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException ignored) {
      // closing: nothing left to do
    }
  }

  /** One relayed connection: the client's socket, the target's, a pipe each way. */
  private final class Connection implements Pipe.Listener {
    private final SocketChannel client;
    private final SocketChannel server;
    private final Pipe up;
    private final Pipe down;
    private final AtomicInteger ended = new AtomicInteger();

    Connection(SocketChannel client, SocketChannel server, int id) {
      this.client = client;
      this.server = server;
      up = new Pipe("link-relay-" + id + "-up", client, server, spec, this);
      down = new Pipe("link-relay-" + id + "-down", server, client, spec, this);
    }

    void start() {
      up.start();
      down.start();
    }

    @Override
    public void ended(Pipe p) {
      if (ended.incrementAndGet() == 2) {
        closeBoth();
      }
    }

    @Override
    public void failed(Pipe p, IOException e) {
      abort();
    }

    void abort() {
      closeBoth();
      up.stop();
      down.stop();
    }

    void join(long millis) throws InterruptedException {
      up.join(millis);
      down.join(millis);
    }

    private void closeBoth() {
      closeQuietly(client);
      closeQuietly(server);
      open.remove(this);
    }
  }
}
