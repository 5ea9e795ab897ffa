package org.sirnn.mpc;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.sirnn.net.Channel;
import org.sirnn.net.FrameChannel;
import org.sirnn.net.LaneGroup;
import org.sirnn.net.Traffic;
import org.sirnn.ot.ChosenOt;
import org.sirnn.ot.CorrelatedOt;
import org.sirnn.ot.OneOfNOt;
import org.sirnn.ot.OtBackend;
import org.sirnn.ot.RandomOt;
import org.sirnn.ot.ferret.FerretLane;
import org.sirnn.ot.ferret.FerretOt;
import org.sirnn.ot.ferret.FerretParams;
import org.sirnn.ot.iknp.IknpOt;
import org.sirnn.ot.kk13.Kk13Ot;
import org.sirnn.prg.Prg;

/**
 * One party's side of a secure session: its role, the channel to the peer, the OT engines in both directions and
 * its private randomness. Every secure operation takes a Party and this party's share; both parties call the same
 * operation with their own shares, and the role decides who sends what.
 *
 * <p>Roles follow the paper: the server (model owner) is P0 and the client (data owner) is P1. Randomness is per
 * session: a fresh {@link SecureRandom}-seeded {@link Prg} and fresh base OTs, so no share or pad is reused across
 * sessions.
 *
 * <p>OT backend ({@link OtBackend}, the same on both parties): {@link OtBackend#IKNP} (the default) runs IKNP for
 * correlated, random and chosen OT and KK13 for 1-out-of-N; {@link OtBackend#FERRET} runs all four interfaces on one
 * {@link FerretOt} per session (its state, Delta and buffered COTs are this Party's alone and die with it).
 *
 * <p>Lockstep ({@link #parallel}): operations that do not depend on each other run at the same time, each in a lane
 * with its own channel, OT views and PRG, and their messages of one round share a frame, so they cost the rounds
 * of the longest, not the sum. With Ferret a lane's OT view takes COTs from regions the session sets aside at the
 * fork, sized by what the tasks of the same fork site used the first time (which runs them in turn).
 */
public final class Party {

  /** Which party this is. */
  public enum Role {
    /** P0, the model owner. */
    SERVER,
    /** P1, the data owner. */
    CLIENT;

    public Role peer() {
      return this == SERVER ? CLIENT : SERVER;
    }
  }

  private final Role role;
  private final Channel ch;
  private final OtBackend backend;
  private final IknpOt iknp; // IKNP backend only
  private final Kk13Ot kk13; // IKNP backend only
  private final FerretOt ferret; // FERRET backend only, session Party
  private final FerretLane ferretLane; // FERRET backend only, lane Party
  private final Prg prg;
  private final Party laneOf; // the session's Party this lane runs for; null for the session's own Party
  private final LaneGroup group; // the lane's group; null for the session's own Party
  private final int laneIndex;
  private long nextLane = 1; // session Party only: the next lane number (both parties count the same)
  // FERRET session Party only: the COTs each task of a fork used, per fork site (see parallel)
  private final Map<ForkSite, Demand> demand = new HashMap<>();
  private boolean setUp;
  private WireGoal wireGoal = WireGoal.DEFAULT; // lanes take the session's at their start

  /** Threads of the lanes (daemon, created as needed, idle ones end after a minute). */
  private static final ExecutorService LANE_THREADS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "sirnn-lane");
    t.setDaemon(true);
    return t;
  });

  /** A party on the default backend, {@link OtBackend#IKNP}. */
  public Party(Role role, Channel ch) {
    this(role, ch, OtBackend.IKNP);
  }

  /** A party whose OTs run on {@code backend}; the peer must use the same backend. */
  public Party(Role role, Channel ch, OtBackend backend) {
    this.role = role;
    this.ch = ch;
    this.backend = Objects.requireNonNull(backend, "backend");
    SecureRandom rnd = new SecureRandom();
    if (backend == OtBackend.FERRET) {
      this.iknp = null;
      this.kk13 = null;
      this.ferret = new FerretOt(ch, role == Role.SERVER, rnd);
    } else {
      this.iknp = new IknpOt(ch, role == Role.SERVER, rnd);
      this.kk13 = new Kk13Ot(ch, rnd);
      this.ferret = null;
    }
    this.ferretLane = null;
    this.prg = Prg.fresh();
    this.laneOf = null;
    this.group = null;
    this.laneIndex = -1;
  }

  /**
   * Lane {@code lane} of {@code session} over its channel in {@code group}: OT views in the lane's own range (with
   * Ferret the given view of its regions), a fresh PRG.
   */
  private Party(Party session, LaneGroup group, int index, long lane, FerretLane ferretLane) {
    Channel laneCh = group.channel(index);
    this.group = group;
    this.laneIndex = index;
    this.role = session.role;
    this.ch = laneCh;
    this.backend = session.backend;
    this.iknp = session.iknp == null ? null : session.iknp.lane(laneCh, lane);
    this.kk13 = session.kk13 == null ? null : session.kk13.lane(laneCh, lane);
    this.ferret = null;
    this.ferretLane = ferretLane;
    this.prg = Prg.fresh();
    this.laneOf = session;
    this.setUp = true;
    this.wireGoal = session.wireGoal;
  }

  /**
   * Runs {@code tasks} (operations that do not depend on each other's results) in lockstep and returns their
   * results in order: each task gets a lane, a Party with its own channel ({@link LaneGroup}), its own views of the
   * OT extensions ({@link org.sirnn.ot.OtLanes}) and its own PRG, and runs on its own thread; the messages of all
   * lanes of one round travel in one frame. Rounds: the longest task's (plus one when the tasks end at different
   * rounds); bytes: the tasks' own plus about 10 bytes per lane and round. Results are exactly those of running the
   * tasks one after the other. Both parties call it at the same point with the same number of tasks, task i on one
   * side matching task i on the other; a task must not use this Party, only the one it is given.
   *
   * <p>Ferret ({@link OtBackend#FERRET}): a lane may not refill the session's COT buffers (refills communicate, and
   * lanes would take COTs in an order that depends on timing), so each lane gets its own regions of COTs, set aside
   * here before the lanes start ({@link FerretOt#carve}, {@link FerretLane}). Their sizes come from a record of
   * demand per fork site: the first frame of the call stack outside this class and outside methods named
   * {@code parallel} (the forwarding {@code parallel} of the kernels), with the number of tasks. Both parties run
   * the same code, so they see the same sites, and in a direction both count the same COTs per task.
   * <ul>
   *   <li>The first fork at a site runs the tasks one after the other on this Party (rounds add up, as before) and
   *       records each task's COTs per direction.
   *   <li>Later forks there run in lanes: lane i's regions hold the recorded demand of task i (set aside with the
   *       session's normal refill, in {@link FerretOt#EXTEND_SCOPE}, one round when it runs). A call of a lane that
   *       needs more than its region has left (the same site with larger inputs) runs whole on IKNP rows of the
   *       session's bootstrap extension, 128 bits per instance instead of about 1 ({@link FerretLane}); afterwards
   *       the record is raised to what the lanes asked for. What a lane leaves in its regions is wiped
   *       ({@link FerretOt#cotsWastedInLanes}).
   * </ul>
   *
   * <p>The tasks run one after the other on this Party (same results, the rounds add up) when there is one task,
   * inside a lane (no nested lanes), over a channel that is not a {@link FrameChannel}, and with Ferret at the first
   * fork of a site (above) or when the recorded demand exceeds {@link FerretOt#MAX_CARVE} in a direction.
   */
  public <R> List<R> parallel(List<? extends Function<Party, ? extends R>> tasks) {
    int k = tasks.size();
    if (k <= 1 || laneOf != null || !(ch instanceof FrameChannel fc)) {
      return inTurn(tasks);
    }
    setup();
    FerretOt.Regions regions = null;
    Demand d = null;
    if (ferret != null) {
      ForkSite site = ForkSite.of(k);
      d = demand.get(site);
      if (d == null || d.total(d.asSender) > FerretOt.MAX_CARVE || d.total(d.asReceiver) > FerretOt.MAX_CARVE) {
        return recordInTurn(site, d, tasks);
      }
      regions = ferret.carve(d.quota(d.asSender), d.quota(d.asReceiver));
    }
    long first = nextLane;
    nextLane += k;
    LaneGroup group = fc.openLanes(k);
    FerretLane[] views = new FerretLane[k];
    if (regions != null) {
      for (int i = 0; i < k; i++) {
        views[i] = ferret.lane(group.channel(i), first + i, regions, i);
      }
    }
    List<Future<R>> running = new ArrayList<>(k);
    for (int i = 1; i < k; i++) {
      int lane = i;
      running.add(LANE_THREADS.submit(() -> runLane(group, lane, first + lane, views[lane], tasks.get(lane))));
    }
    List<R> out = new ArrayList<>(k);
    RuntimeException failure = null;
    R r0 = null;
    try {
      r0 = runLane(group, 0, first, views[0], tasks.get(0));
    } catch (RuntimeException e) {
      failure = e;
    }
    out.add(r0);
    for (Future<R> f : running) {
      try {
        out.add(f.get());
      } catch (ExecutionException e) {
        RuntimeException c = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        failure = failure == null ? c : failure;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = failure == null ? group.fail(e) : failure;
      }
    }
    if (regions != null) {
      for (int i = 0; i < k; i++) {
        d.raise(i, views[i].neededAsSender(), views[i].neededAsReceiver());
        views[i].close();
      }
    }
    if (failure != null) {
      throw failure;
    }
    return out;
  }

  private <R> List<R> inTurn(List<? extends Function<Party, ? extends R>> tasks) {
    List<R> out = new ArrayList<>(tasks.size());
    for (Function<Party, ? extends R> t : tasks) {
      out.add(t.apply(this));
    }
    return out;
  }

  /** Ferret: runs the tasks one after the other and records (or raises) the COTs each used per direction. */
  private <R> List<R> recordInTurn(ForkSite site, Demand d, List<? extends Function<Party, ? extends R>> tasks) {
    int k = tasks.size();
    Demand rec = d != null ? d : new Demand(k);
    List<R> out = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      long s0 = ferret.cotsTakenAsSender();
      long r0 = ferret.cotsTakenAsReceiver();
      out.add(tasks.get(i).apply(this));
      rec.raise(i, ferret.cotsTakenAsSender() - s0, ferret.cotsTakenAsReceiver() - r0);
    }
    demand.put(site, rec);
    return out;
  }

  /**
   * Where a fork happens: class, method and line of the first frame outside this class (and its nested classes)
   * and outside methods named {@code parallel} (the kernels' forwarding), and the number of tasks.
   */
  private record ForkSite(String frame, int tasks) {
    private static final StackWalker WALKER = StackWalker.getInstance();

    static ForkSite of(int tasks) {
      String frame = WALKER.walk(s -> s
          .filter(f -> !ownFrame(f.getClassName()) && !f.getMethodName().equals("parallel"))
          .findFirst()
          .map(f -> f.getClassName() + "." + f.getMethodName() + ":" + f.getLineNumber())
          .orElse("?"));
      return new ForkSite(frame, tasks);
    }

    private static boolean ownFrame(String className) {
      String party = Party.class.getName();
      return className.equals(party) || className.startsWith(party + "$");
    }
  }

  /** COTs per task of one fork site, per direction of this party: the most any fork there used (or asked for). */
  private static final class Demand {
    final long[] asSender;
    final long[] asReceiver;

    Demand(int k) {
      asSender = new long[k];
      asReceiver = new long[k];
    }

    void raise(int task, long sent, long received) {
      asSender[task] = Math.max(asSender[task], sent);
      asReceiver[task] = Math.max(asReceiver[task], received);
    }

    long total(long[] quota) {
      long sum = 0;
      for (long q : quota) {
        sum += q;
      }
      return sum;
    }

    int[] quota(long[] q) {
      int[] out = new int[q.length];
      for (int i = 0; i < q.length; i++) {
        out[i] = (int) q[i];
      }
      return out;
    }
  }

  /**
   * The value another task of the same {@link #parallel} call computes (it completes {@code value}): a lane waits for
   * it while the other lanes' rounds go on. Tasks may wait only for values of tasks before them in the list (when
   * the tasks run one after the other those are done already; waiting for a later one is an error).
   */
  public <T> T await(java.util.concurrent.CompletableFuture<T> value) {
    if (group != null) {
      return group.await(laneIndex, value);
    }
    if (!value.isDone()) {
      throw new IllegalStateException("a task waits for a value of a later task");
    }
    return value.join();
  }

  private <R> R runLane(LaneGroup group, int index, long lane, FerretLane view, Function<Party, ? extends R> task) {
    try {
      R r = task.apply(new Party(this, group, index, lane, view));
      group.finished(index);
      return r;
    } catch (RuntimeException | Error e) {
      throw group.fail(e);
    }
  }

  /**
   * Runs the base OTs of every OT engine in both directions now (otherwise each runs on first use), so that setup
   * cost is accounted in its own scope ("setup") and the first operator is measured alone. With Ferret this is also
   * where the IKNP bootstrap and the bootstrap iteration run (see {@link FerretOt}). Both parties call it at the same
   * point.
   */
  @SuppressWarnings("try")
  public void setup() {
    if (setUp) {
      return;
    }
    setUp = true;
    try (Traffic.Scope sc = scope("setup")) {
      if (ferret != null) {
        ferret.setup();
        return;
      }
      iknp.setup();
      if (isServer()) {
        kk13.setupSender();
        kk13.setupReceiver();
      } else {
        kk13.setupReceiver();
        kk13.setupSender();
      }
    }
  }

  public Role role() {
    return role;
  }

  public boolean isServer() {
    return role == Role.SERVER;
  }

  /** 0 for the server (P0), 1 for the client (P1). */
  public int index() {
    return role == Role.SERVER ? 0 : 1;
  }

  public Channel channel() {
    return ch;
  }

  public Traffic traffic() {
    return ch.traffic();
  }

  /** Opens an accounting scope (use with try-with-resources). */
  public Traffic.Scope scope(String name) {
    return ch.traffic().scope(name);
  }

  /**
   * Ferret sessions: the silent extension's LPN parameter preset, before {@link #setup} (both parties alike, else
   * setup refuses the session). No effect on IKNP sessions. Returns this Party.
   */
  public Party ferretPreset(FerretParams.Preset preset) {
    if (ferret != null) {
      ferret.usePreset(preset);
    }
    return this;
  }

  /** Ferret sessions: the silent extension's preset ({@link #ferretPreset(FerretParams.Preset)}); null on IKNP. */
  public FerretParams.Preset ferretPreset() {
    return ferret != null ? ferret.preset() : null;
  }

  /** What this session's protocols save where they have a choice ({@link #wireGoal(WireGoal)}). */
  public WireGoal wireGoal() {
    return wireGoal;
  }

  /**
   * Sets what this session's protocols save where they can choose ({@link WireGoal}, default
   * {@link WireGoal#DEFAULT}); both parties set the same goal before the protocols run (the session header's).
   * Returns this Party.
   */
  public Party wireGoal(WireGoal goal) {
    if (laneOf != null) {
      throw new IllegalStateException("a lane follows its session's wire goal");
    }
    this.wireGoal = Objects.requireNonNull(goal, "goal");
    return this;
  }

  /** The OT backend of this session. */
  public OtBackend backend() {
    return backend;
  }

  public CorrelatedOt cot() {
    return ferret != null ? ferret : ferretLane != null ? ferretLane : iknp;
  }

  public RandomOt randomOt() {
    return ferret != null ? ferret : ferretLane != null ? ferretLane : iknp;
  }

  public ChosenOt chosenOt() {
    return ferret != null ? ferret : ferretLane != null ? ferretLane : iknp;
  }

  public OneOfNOt oneOfN() {
    return ferret != null ? ferret : ferretLane != null ? ferretLane : kk13;
  }

  /** This party's private PRG (AES-CTR, seeded from SecureRandom for this session). */
  public Prg prg() {
    return prg;
  }

  /** n fresh private random values of l bits. */
  public long[] random(int n, int l) {
    long[] r = new long[n];
    prg.nextLongs(r, 0, n, l);
    return r;
  }

  /** n fresh private random bits, one per long (0 or 1). */
  public long[] randomBits(int n) {
    return random(n, 1);
  }
}
