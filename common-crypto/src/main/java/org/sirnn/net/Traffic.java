package org.sirnn.net;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Bytes, rounds and time of one party's session, attributed to nested operator scopes such as
 * {@code model/layer3/sigmoid/lut}.
 *
 * <p><b>Bytes</b> are what the transport carries: the serialized frames plus gRPC's 5-byte message prefix (the
 * in-memory transport counts the same). Each payload's bytes go to the scope that was innermost when it was sent
 * or received; a frame's few bytes of framing go to the scope current when the frame left or was first read.
 *
 * <p><b>Rounds</b> are counted as the paper counts them: one round is a batch of messages that must arrive before
 * the receiver can go on. Every frame carries a Lamport stamp, 1 + the highest stamp its sender had received; the
 * highest stamp a party has sent or received is the length of the session's critical path of messages, i.e. its
 * number of rounds. Messages both parties send at the same time share a round; a request and its answer are two
 * (a round trip is two rounds). Each increase of that highest stamp is attributed to the innermost scope, so a
 * scope's rounds are the rounds that elapsed while it ran. LAN time projects as
 * {@code millis + rounds * RTT/2 + bytes / bandwidth}.
 *
 * <p><b>Time</b> is wall-clock time from opening a scope to closing it (inclusive of nested scopes).
 *
 * <p>Bytes and rounds are kept per scope exclusive of children; {@link #snapshot()} rolls them up so each path
 * reports its inclusive totals. Methods are synchronized: the protocol thread writes, a metrics thread may read.
 */
public final class Traffic {

  /** Totals of one scope path, inclusive of its nested scopes. */
  public record Stats(long bytesSent, long bytesReceived, long rounds, long nanos, long calls) {
    public long bytes() {
      return bytesSent + bytesReceived;
    }

    public double millis() {
      return nanos / 1e6;
    }

    Stats plus(Stats o) {
      return new Stats(bytesSent + o.bytesSent, bytesReceived + o.bytesReceived, rounds + o.rounds,
          nanos + o.nanos, calls + o.calls);
    }
  }

  /** Told about every scope when it closes, with what happened inside it (inclusive). */
  @FunctionalInterface
  public interface ScopeListener {
    void scopeClosed(String path, String name, Stats inclusive);
  }

  private static final class Node {
    long sent;
    long received;
    long rounds;
    long nanos;
    long calls;
  }

  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final List<ScopeListener> listeners = new CopyOnWriteArrayList<>();
  private final ArrayList<Frame> stack = new ArrayList<>();
  private long maxStamp;
  private long totalSent;
  private long totalReceived;

  /** One open scope; closing it pops it (scopes close in reverse order of opening). */
  public final class Scope implements AutoCloseable {
    private final Frame frame;

    private Scope(Frame frame) {
      this.frame = frame;
    }

    /** Path of this scope, e.g. {@code model/layer3/sigmoid}. */
    public String path() {
      return frame.path;
    }

    @Override
    public void close() {
      closeScope(frame);
    }
  }

  private static final class Frame {
    final String path;
    final String name;
    final long startNanos;
    final long sent0;
    final long received0;
    final long rounds0;

    Frame(String path, String name, long startNanos, long sent0, long received0, long rounds0) {
      this.path = path;
      this.name = name;
      this.startNanos = startNanos;
      this.sent0 = sent0;
      this.received0 = received0;
      this.rounds0 = rounds0;
    }
  }

  public Traffic() {
    nodes.put("", new Node());
  }

  /** Opens a nested scope named {@code name} (no '/'); use with try-with-resources. */
  public synchronized Scope scope(String name) {
    if (name == null || name.isEmpty() || name.indexOf('/') >= 0) {
      throw new IllegalArgumentException("scope name must be non-empty without '/': " + name);
    }
    String parent = currentPath();
    String path = parent.isEmpty() ? name : parent + "/" + name;
    nodes.computeIfAbsent(path, p -> new Node());
    Frame f = new Frame(path, name, System.nanoTime(), totalSent, totalReceived, maxStamp);
    stack.add(f);
    return new Scope(f);
  }

  /** Path of the innermost open scope; the empty string at top level. */
  public synchronized String currentPath() {
    return stack.isEmpty() ? "" : stack.get(stack.size() - 1).path;
  }

  private synchronized void closeScope(Frame f) {
    int at = stack.lastIndexOf(f);
    if (at < 0) {
      return; // already closed
    }
    if (at != stack.size() - 1) {
      throw new IllegalStateException("scope " + f.path + " closed before its inner scope "
          + stack.get(stack.size() - 1).path);
    }
    stack.remove(at);
    long elapsed = System.nanoTime() - f.startNanos;
    Node n = nodes.get(f.path);
    n.nanos += elapsed;
    n.calls++;
    if (!listeners.isEmpty()) {
      Stats inclusive = new Stats(totalSent - f.sent0, totalReceived - f.received0, maxStamp - f.rounds0, elapsed, 1);
      for (ScopeListener l : listeners) {
        l.scopeClosed(f.path, f.name, inclusive);
      }
    }
  }

  private Node current() {
    return nodes.get(currentPath());
  }

  /** Records {@code bytes} sent in the current scope. */
  public synchronized void addSent(long bytes) {
    current().sent += bytes;
    totalSent += bytes;
  }

  /** Records {@code bytes} received in the current scope. */
  public synchronized void addReceived(long bytes) {
    current().received += bytes;
    totalReceived += bytes;
  }

  /** Records that a frame with Lamport stamp {@code stamp} was sent or received. */
  public synchronized void observeStamp(long stamp) {
    if (stamp > maxStamp) {
      current().rounds += stamp - maxStamp;
      maxStamp = stamp;
    }
  }

  public void addListener(ScopeListener listener) {
    listeners.add(listener);
  }

  public synchronized long bytesSent() {
    return totalSent;
  }

  public synchronized long bytesReceived() {
    return totalReceived;
  }

  /** Rounds of the whole session so far (the highest Lamport stamp seen). */
  public synchronized long rounds() {
    return maxStamp;
  }

  /**
   * Inclusive totals per scope path, in order of first use; the empty path is the whole session (its time is 0
   * unless measured by a scope).
   */
  public synchronized Map<String, Stats> snapshot() {
    Map<String, Stats> out = new LinkedHashMap<>();
    for (Map.Entry<String, Node> e : nodes.entrySet()) {
      Node n = e.getValue();
      Stats own = new Stats(n.sent, n.received, n.rounds, n.nanos, n.calls);
      out.put(e.getKey(), own);
    }
    // roll bytes and rounds up to every ancestor (time and calls are already inclusive per scope)
    Map<String, Stats> rolled = new LinkedHashMap<>(out);
    for (Map.Entry<String, Stats> e : out.entrySet()) {
      String path = e.getKey();
      Stats s = e.getValue();
      Stats add = new Stats(s.bytesSent, s.bytesReceived, s.rounds, 0, 0);
      String p = path;
      while (!p.isEmpty()) {
        int cut = p.lastIndexOf('/');
        p = cut < 0 ? "" : p.substring(0, cut);
        rolled.put(p, rolled.get(p).plus(add));
      }
    }
    return rolled;
  }

  /** Inclusive totals of one path (zeros if it never ran). */
  public Stats stats(String path) {
    Stats s = snapshot().get(path);
    return s == null ? new Stats(0, 0, 0, 0, 0) : s;
  }
}
