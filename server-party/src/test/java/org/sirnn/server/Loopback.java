package org.sirnn.server;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.sirnn.metrics.SessionMetrics;

/** A real ServerParty on 127.0.0.1 (ephemeral port, plaintext) with in-memory metrics, for reliability tests. */
final class Loopback implements AutoCloseable {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final ServerParty server;
  final int maxFrameBytes;

  Loopback(int maxSessions, int maxFrameBytes, Duration receiveTimeout) throws Exception {
    this.maxFrameBytes = maxFrameBytes;
    server = new ServerParty(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        new ServerParty.Config(maxSessions, maxFrameBytes, receiveTimeout), new SessionMetrics(registry, "server"));
    server.start();
  }

  NettyChannelBuilder channelBuilder() {
    return NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
        .maxInboundMessageSize(maxFrameBytes + (1 << 16));
  }

  ManagedChannel channel() {
    return channelBuilder().build();
  }

  /** Total of sirnn.sessions.failed over all tags. */
  double failed() {
    return registry.find("sirnn.sessions.failed").counters().stream().mapToDouble(Counter::count).sum();
  }

  double started() {
    return registry.find("sirnn.sessions.started").counters().stream().mapToDouble(Counter::count).sum();
  }

  /** sirnn.sessions.failed by reason tag. */
  Map<String, Long> failedByReason() {
    Map<String, Long> m = new TreeMap<>();
    for (Counter c : registry.find("sirnn.sessions.failed").counters()) {
      m.merge(c.getId().getTag("reason"), (long) c.count(), Long::sum);
    }
    return m;
  }

  /** Polls until the failed counter reaches {@code target}; false when the deadline passes first. */
  boolean awaitFailed(double target, Duration deadline) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (failed() < target) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(2);
    }
    return true;
  }

  static int threads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  static long openFds() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean u) {
      return u.getOpenFileDescriptorCount();
    }
    return -1;
  }

  @Override
  public void close() {
    server.stop(Duration.ofSeconds(2));
  }
}
