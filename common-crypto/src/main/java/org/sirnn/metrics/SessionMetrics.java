package org.sirnn.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.sirnn.net.Traffic;

/**
 * Publishes one finished session's {@link Traffic} to Micrometer, per model, layer and operator:
 * {@code sirnn.protocol.sent} / {@code sirnn.protocol.received} (bytes), {@code sirnn.protocol.rounds} and the timer
 * {@code sirnn.protocol.duration}, tagged {@code party}, {@code model}, {@code layer} (first scope component) and
 * {@code op} (the scope's own name). Figures are exclusive of nested scopes, so {@code sum by (layer)} and
 * {@code sum by (op)} add up to the session totals without double counting. Operators that ran in lockstep with
 * others (lanes, {@link Traffic}) share their layer's rounds: their {@code sirnn.protocol.rounds} is 0 and the rounds
 * of their own chain go to {@code sirnn.protocol.lane.rounds} instead, so the rounds of a layer count once. Sessions
 * are counted by
 * {@code sirnn.sessions.started} and {@code sirnn.sessions.failed} (tag {@code reason}).
 *
 * <p>Tag values come from code and model metadata (layer and operator names), never from session ids or data, so
 * they stay bounded.
 */
public final class SessionMetrics {
  private final MeterRegistry registry;
  private final String party;

  public SessionMetrics(MeterRegistry registry, String party) {
    this.registry = registry;
    this.party = party;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Counts a session that started for {@code model}. */
  public void started(String model) {
    Counter.builder("sirnn.sessions.started").description("secure sessions started").tag("party", party)
        .tag("model", model).register(registry).increment();
  }

  /** Counts a failed session with a bounded reason (e.g. TIMEOUT, PEER_GONE, MALFORMED, LOCAL). */
  public void failed(String model, String reason) {
    Counter.builder("sirnn.sessions.failed").description("secure sessions that ended in an error")
        .tag("party", party).tag("model", model).tag("reason", reason).register(registry).increment();
  }

  /** Adds the session's bytes, rounds and time per scope. */
  public void record(String model, Traffic traffic) {
    Map<String, Traffic.Stats> incl = traffic.snapshot();
    java.util.Set<String> lanes = traffic.lanePaths();
    for (Map.Entry<String, Traffic.Stats> e : incl.entrySet()) {
      String path = e.getKey();
      Traffic.Stats s = e.getValue();
      long sent = s.bytesSent();
      long received = s.bytesReceived();
      long rounds = s.rounds();
      long nanos = s.nanos();
      boolean inLane = lanes.contains(path);
      for (Map.Entry<String, Traffic.Stats> c : incl.entrySet()) {
        if (isChild(path, c.getKey())) {
          sent -= c.getValue().bytesSent();
          received -= c.getValue().bytesReceived();
          if (inLane || !lanes.contains(c.getKey())) { // a lane's rounds are not part of the scope that forked it
            rounds -= c.getValue().rounds();
          }
          nanos -= c.getValue().nanos();
        }
      }
      String layer = path.isEmpty() ? "session" : path.split("/", 2)[0];
      String op = path.isEmpty() ? "session" : path.substring(path.lastIndexOf('/') + 1);
      counter("sirnn.protocol.sent", "bytes sent", model, layer, op).increment(sent);
      counter("sirnn.protocol.received", "bytes received", model, layer, op).increment(received);
      Counter.builder("sirnn.protocol.rounds").description("communication rounds").tag("party", party)
          .tag("model", model).tag("layer", layer).tag("op", op).register(registry).increment(inLane ? 0 : rounds);
      if (inLane) {
        Counter.builder("sirnn.protocol.lane.rounds")
            .description("rounds of an operator's own chain while it ran in lockstep with others")
            .tag("party", party).tag("model", model).tag("layer", layer).tag("op", op).register(registry)
            .increment(rounds);
      }
      if (!path.isEmpty()) {
        Timer.builder("sirnn.protocol.duration").description("time in the scope, exclusive of nested scopes")
            .tag("party", party).tag("model", model).tag("layer", layer).tag("op", op).register(registry)
            .record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
      }
    }
  }

  private Counter counter(String name, String what, String model, String layer, String op) {
    return Counter.builder(name).baseUnit("bytes").description(what).tag("party", party).tag("model", model)
        .tag("layer", layer).tag("op", op).register(registry);
  }

  private static boolean isChild(String parent, String candidate) {
    if (parent.isEmpty()) {
      return !candidate.isEmpty() && candidate.indexOf('/') < 0;
    }
    return candidate.startsWith(parent + "/") && candidate.indexOf('/', parent.length() + 1) < 0;
  }
}
