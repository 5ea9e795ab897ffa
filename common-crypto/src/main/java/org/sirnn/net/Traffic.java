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
 * <p><b>Lanes</b> ({@link #lane()}, opened by {@link LaneGroup}): operations that do not depend on each other run in
 * lockstep, and the messages all of them send in one round travel in one frame. Each lane is a view of this
 * Traffic with its own scope stack, nested under the scope current when the lanes opened (the <em>fork
 * scope</em>), its own byte totals and its own Lamport clock over its own messages.
 * <ul>
 *   <li>Bytes of a lane's scopes are exact and roll up into the fork scope and above like any other bytes; the few
 *       bytes that frame the lanes' messages together go to the fork scope.</li>
 *   <li>The session's rounds are those of the frames on the wire, which carry the messages of every lane of a round
 *       at once. They are attributed to the fork scope, so a layer's rounds count once however many of its
 *       operations share them: a step costs the rounds of its longest chain, not the sum.</li>
 *   <li>A lane's scopes report the rounds of their own chain of messages (what the operation costs alone). These
 *       roll up within the lane but stop below the fork scope, so they are never counted twice; the operators of
 *       concurrent lanes may therefore add up to more rounds than their layer.</li>
 * </ul>
 *
 * <p><b>Time</b> is wall-clock time from opening a scope to closing it (inclusive of nested scopes); scopes of
 * concurrent lanes overlap in time.
 *
 * <p>Bytes and rounds are kept per scope exclusive of children; {@link #snapshot()} rolls them up so each path
 * reports its inclusive totals. Every method synchronizes on the session's shared state: protocol threads (one per
 * lane) write, a metrics thread may read.
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
    /** For a scope opened inside a lane: the fork scope's path, where its rounds stop rolling up; else null. */
    String laneBase;
  }

  /** What all views of one session share: the scopes and the listeners. */
  private static final class Shared {
    final Map<String, Node> nodes = new LinkedHashMap<>();
    final List<ScopeListener> listeners = new CopyOnWriteArrayList<>();
  }

  private final Shared shared;
  private final Traffic parent; // the view this lane was opened from; null for the session's own view
  private final String base; // the fork scope of a lane; "" for the session's view
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
    this.shared = new Shared();
    this.parent = null;
    this.base = "";
    shared.nodes.put("", new Node());
  }

  private Traffic(Traffic parent, String base) {
    this.shared = parent.shared;
    this.parent = parent;
    this.base = base;
    this.maxStamp = parent.maxStamp; // a lane's chain continues the session's clock
  }

  /**
   * A lane of this view: its scopes nest under the current scope (the fork scope), its bytes count here too, its
   * rounds are its own (see the class comment). Used by one lane's protocol thread.
   */
  public Traffic lane() {
    synchronized (shared) {
      return new Traffic(this, currentPathLocked());
    }
  }

  /** Opens a nested scope named {@code name} (no '/'); use with try-with-resources. */
  public Scope scope(String name) {
    if (name == null || name.isEmpty() || name.indexOf('/') >= 0) {
      throw new IllegalArgumentException("scope name must be non-empty without '/': " + name);
    }
    synchronized (shared) {
      String at = currentPathLocked();
      String path = at.isEmpty() ? name : at + "/" + name;
      Node n = shared.nodes.computeIfAbsent(path, p -> new Node());
      if (parent != null && n.laneBase == null) {
        n.laneBase = laneRoot();
      }
      Frame f = new Frame(path, name, System.nanoTime(), totalSent, totalReceived, maxStamp);
      stack.add(f);
      return new Scope(f);
    }
  }

  /** The fork scope of the outermost lane this view belongs to (rounds of its scopes stop below it). */
  private String laneRoot() {
    Traffic v = this;
    while (v.parent != null && v.parent.parent != null) {
      v = v.parent;
    }
    return v.base;
  }

  /** Path of the innermost open scope; the empty string at top level (or a lane's fork scope). */
  public String currentPath() {
    synchronized (shared) {
      return currentPathLocked();
    }
  }

  private String currentPathLocked() {
    return stack.isEmpty() ? base : stack.get(stack.size() - 1).path;
  }

  private void closeScope(Frame f) {
    Stats inclusive;
    synchronized (shared) {
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
      Node n = shared.nodes.get(f.path);
      n.nanos += elapsed;
      n.calls++;
      if (shared.listeners.isEmpty()) {
        return;
      }
      inclusive = new Stats(totalSent - f.sent0, totalReceived - f.received0, maxStamp - f.rounds0, elapsed, 1);
    }
    for (ScopeListener l : shared.listeners) {
      l.scopeClosed(f.path, f.name, inclusive);
    }
  }

  private Node current() {
    return shared.nodes.get(currentPathLocked());
  }

  /** Records {@code bytes} sent in the current scope. */
  public void addSent(long bytes) {
    synchronized (shared) {
      current().sent += bytes;
      for (Traffic v = this; v != null; v = v.parent) {
        v.totalSent += bytes;
      }
    }
  }

  /** Records {@code bytes} received in the current scope. */
  public void addReceived(long bytes) {
    synchronized (shared) {
      current().received += bytes;
      for (Traffic v = this; v != null; v = v.parent) {
        v.totalReceived += bytes;
      }
    }
  }

  /**
   * Records that a frame with Lamport stamp {@code stamp} was sent or received. In a lane, outside the lane's own
   * scopes, the rounds are not attributed to the fork scope (the physical frames already count there).
   */
  public void observeStamp(long stamp) {
    synchronized (shared) {
      if (stamp > maxStamp) {
        if (parent == null || !stack.isEmpty()) {
          current().rounds += stamp - maxStamp;
        }
        maxStamp = stamp;
      }
    }
  }

  public void addListener(ScopeListener listener) {
    shared.listeners.add(listener);
  }

  public long bytesSent() {
    synchronized (shared) {
      return totalSent;
    }
  }

  public long bytesReceived() {
    synchronized (shared) {
      return totalReceived;
    }
  }

  /** Rounds of the whole session so far (the highest Lamport stamp seen); of a lane, its own chain's. */
  public long rounds() {
    synchronized (shared) {
      return maxStamp;
    }
  }

  /**
   * Inclusive totals per scope path, in order of first use; the empty path is the whole session (its time is 0
   * unless measured by a scope). The same for every view of a session.
   */
  public Map<String, Stats> snapshot() {
    synchronized (shared) {
      Map<String, Stats> rolled = new LinkedHashMap<>();
      for (Map.Entry<String, Node> e : shared.nodes.entrySet()) {
        Node n = e.getValue();
        rolled.put(e.getKey(), new Stats(n.sent, n.received, n.rounds, n.nanos, n.calls));
      }
      // roll bytes up to every ancestor and rounds up to every ancestor inside the same lane
      // (time and calls are already inclusive per scope)
      for (Map.Entry<String, Node> e : shared.nodes.entrySet()) {
        String p = e.getKey();
        Node n = e.getValue();
        String stop = n.laneBase;
        while (!p.isEmpty()) {
          int cut = p.lastIndexOf('/');
          p = cut < 0 ? "" : p.substring(0, cut);
          boolean roundsToo = stop == null || p.length() > stop.length();
          rolled.put(p, rolled.get(p).plus(new Stats(n.sent, n.received, roundsToo ? n.rounds : 0, 0, 0)));
        }
      }
      return rolled;
    }
  }

  /** The paths of scopes opened inside lanes (whose rounds are their own chain's, not the session's). */
  public java.util.Set<String> lanePaths() {
    synchronized (shared) {
      java.util.Set<String> out = new java.util.HashSet<>();
      shared.nodes.forEach((path, n) -> {
        if (n.laneBase != null) {
          out.add(path);
        }
      });
      return out;
    }
  }

  /** Inclusive totals of one path (zeros if it never ran). */
  public Stats stats(String path) {
    Stats s = snapshot().get(path);
    return s == null ? new Stats(0, 0, 0, 0, 0) : s;
  }
}
