package org.sirnn.client.bench.link;

/**
 * An emulated network link: round-trip time in milliseconds (each direction delays by half of it) and rate in
 * Mbit/s (10^6 bits per second, each direction on its own, as on a full-duplex Ethernet link). Written
 * {@code RTT_MS:MBIT}, e.g. {@code 0.8:3000} (the paper's LAN) or {@code 40:100} (a WAN).
 *
 * <p>{@link #projectSeconds} is the projection of {@code Traffic}'s javadoc for this link: the loopback wall time
 * plus one one-way latency per round plus every byte (both directions) at the rate.
 */
public record LinkSpec(double rttMillis, double mbit) {
  /** The paper's LAN: 0.8 ms round trip, 3000 Mbit/s. */
  public static final LinkSpec LAN = new LinkSpec(0.8, 3000);
  /** A WAN: 40 ms round trip, 100 Mbit/s. */
  public static final LinkSpec WAN = new LinkSpec(40, 100);

  /** Checks that the round trip is finite and not negative and the rate finite and positive. */
  public LinkSpec {
    if (!(rttMillis >= 0) || Double.isInfinite(rttMillis)) {
      throw new IllegalArgumentException("link round-trip time must be a number of milliseconds >= 0, got "
          + rttMillis);
    }
    if (!(mbit > 0) || Double.isInfinite(mbit)) {
      throw new IllegalArgumentException("link rate must be a number of Mbit/s > 0, got " + mbit);
    }
  }

  /**
   * Parses {@code RTT_MS:MBIT} (e.g. {@code 40:100}), or {@code lan} / {@code wan} for {@link #LAN} / {@link #WAN}.
   *
   * @throws IllegalArgumentException naming the expected form
   */
  public static LinkSpec parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("lan")) {
      return LAN;
    }
    if (t.equals("wan")) {
      return WAN;
    }
    int colon = t.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--link takes RTT_MS:MBIT (e.g. 40:100), lan or wan, got '" + text + "'");
    }
    try {
      return new LinkSpec(Double.parseDouble(t.substring(0, colon)), Double.parseDouble(t.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--link takes RTT_MS:MBIT (e.g. 40:100), lan or wan, got '" + text + "'");
    }
  }

  /** One-way latency (half the round trip) in nanoseconds. */
  public long oneWayNanos() {
    return Math.round(rttMillis * 1e6 / 2);
  }

  /** Serialization time of one byte at the rate, in nanoseconds. */
  public double nanosPerByte() {
    return 8e3 / mbit;
  }

  /**
   * Projected wall time in seconds of a session that took {@code millis} on loopback with {@code rounds} rounds
   * and {@code bytes} bytes (both directions): millis/1000 + rounds x RTT/2 + bytes x 8 / rate.
   */
  public double projectSeconds(double millis, long rounds, long bytes) {
    return millis / 1000 + rounds * rttMillis / 2000 + bytes * 8 / (mbit * 1e6);
  }

  /** {@code RTT_MS:MBIT}, as parsed. */
  @Override
  public String toString() {
    return fmt(rttMillis) + ":" + fmt(mbit);
  }

  private static String fmt(double x) {
    return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
  }
}
