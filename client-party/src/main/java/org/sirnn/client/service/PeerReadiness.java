package org.sirnn.client.service;

import io.grpc.ConnectivityState;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Inference API's health in step with the link to server-party: every {@code period} it looks at the
 * link's connectivity (connecting it when idle) and reports NOT_SERVING while server-party is unreachable
 * ({@code TRANSIENT_FAILURE} or {@code SHUTDOWN}), SERVING otherwise, so an orchestrator's readiness probe stops
 * sending Predicts to a client-party that cannot run them.
 */
public final class PeerReadiness implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PeerReadiness.class);

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "peer-readiness");
    t.setDaemon(true);
    return t;
  });
  private volatile Boolean last;

  /** Starts checking {@code connector} every {@code period} and reporting to {@code api}. */
  public PeerReadiness(PartyConnector connector, InferenceServer api, Duration period) {
    timer.scheduleWithFixedDelay(() -> {
      ConnectivityState s = connector.state(true);
      boolean reachable = s != ConnectivityState.TRANSIENT_FAILURE && s != ConnectivityState.SHUTDOWN;
      api.setServing(reachable);
      if (last == null || last != reachable) {
        log.info("server-party at {} is {} ({}): health {}", connector.target(),
            reachable ? "reachable" : "unreachable", s, reachable ? "SERVING" : "NOT_SERVING");
        last = reachable;
      }
    }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
