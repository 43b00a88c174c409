package dev.hearth.bench;

import dev.hearth.server.config.FleetSettings;
import dev.hearth.server.fleet.HostHeartbeat;
import dev.hearth.server.fleet.LocalRuns;
import dev.hearth.server.store.LeasedProgress;
import dev.hearth.server.store.Progress;
import dev.hearth.server.store.RunLease;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.PostgresCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fleet's queue on a real PostgreSQL (Debian's, started like the tests start it), three hosts
 * simulated in one JVM: three {@link Store}s, each with its own connection pool, as three
 * {@code hearth serve} processes would have.
 *
 * <ul>
 *   <li>{@link #claims}: runs claimed per second by the three hosts at once, one run per claim (a host
 *       claims when a session frees up), each claim its own transaction. Target: at least 500 a second.
 *   <li>{@link #takeover}: from the moment a host stops renewing (it died) to another host holding
 *       its run, with 2 s leases and the survivor's heartbeat at a random phase, as in {@code hearth serve}
 *       (expire on the heartbeat, claim when woken). Target: at most the lease plus 1 s (3,000 ms).
 *   <li>{@link #progressFenced}: one step's progress as a host records it (step started, a chunk of log,
 *       step finished), each write under the run's lease (owner and attempt checked in the statement),
 *       three hosts at once; {@link #progressUnfenced} is the same writes without the check, the reference.
 * </ul>
 */
@State(Scope.Benchmark)
public class FleetBench {
  static final Duration LEASE = Duration.ofSeconds(2);
  static final int QUEUED = 200_000;

  private PostgresCluster postgres;
  private String url;
  private final Store[] hosts = new Store[3];
  private final AtomicInteger nextHost = new AtomicInteger();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (PostgresCluster.binaries().isEmpty()) {
      throw new IllegalStateException("FleetBench needs PostgreSQL's server (initdb, pg_ctl): apt-get install postgresql");
    }
    postgres = PostgresCluster.start();
    url = postgres.newDatabase();
    for (int i = 0; i < hosts.length; i++) {
      hosts[i] = Store.open(url);
      hosts[i].fleet().register("bench-" + i, 8, LEASE, Instant.now());
    }
    try (Connection c = DriverManager.getConnection("jdbc:" + url.replace("hearth:unused@", ""), "hearth", "");
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO deliveries (id, event, repository, payload, state, received_at) "
          + "VALUES ('bench', 'push', 'octo/bench', '{}', 'planned', 0)");
      s.execute("INSERT INTO runs (delivery_id, workflow_file, event, repository, state, queued_at) "
          + "SELECT 'bench', 'w' || g, 'push', 'octo/bench', 'queued', 0 FROM generate_series(1, " + QUEUED + ") g");
      s.execute("ANALYZE runs");
    }
  }

  /** One simulated host per benchmark thread. */
  @State(Scope.Thread)
  public static class Host {
    Store store;
    String id;

    @Setup(Level.Trial)
    public void pick(FleetBench bench) {
      int i = bench.nextHost.getAndIncrement() % bench.hosts.length;
      store = bench.hosts[i];
      id = "bench-" + i;
    }
  }

  /** A run one simulated host executes, with its lease, and a counter for step ids. */
  @State(Scope.Thread)
  public static class Executing {
    LeasedProgress leased;
    Progress progress;
    long runId;
    int steps;

    @Setup(Level.Trial)
    public void claim(Host host) {
      Instant now = Instant.now();
      StoredRun run = host.store.fleet().claim(host.id, 1, now.plus(Duration.ofHours(1)), 0, now).getFirst();
      runId = run.id();
      progress = host.store.progress();
      leased = progress.under(RunLease.of(run, host.id));
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(3)
  public boolean progressFenced(Executing run) {
    String step = Integer.toString(++run.steps);
    Instant now = Instant.now();
    boolean recorded = run.leased.stepStarted("build", step, "step " + step, now);
    recorded &= run.leased.appendLogs(List.of(new Progress.LogChunk(run.runId, "build", step, "stdout", 0, 3,
        "one\ntwo\nthree")), now);
    recorded &= run.leased.stepFinished("build", step, "success", "success", now);
    if (!recorded) throw new IllegalStateException("run " + run.runId + ": a write was dropped; the lease should hold");
    return recorded;
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(3)
  public int progressUnfenced(Executing run) {
    String step = Integer.toString(++run.steps);
    Instant now = Instant.now();
    run.progress.stepStarted(run.runId, "build", step, "step " + step, now);
    run.progress.appendLogs(List.of(new Progress.LogChunk(run.runId, "build", step, "stdout", 0, 3, "one\ntwo\nthree")),
        now);
    run.progress.stepFinished(run.runId, "build", step, "success", "success", now);
    return run.steps;
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(3)
  public List<StoredRun> claims(Host host) {
    Instant now = Instant.now();
    List<StoredRun> claimed = host.store.fleet().claim(host.id, 1, now.plus(LEASE), 0, now);
    if (claimed.isEmpty()) throw new IllegalStateException("the queue ran dry: raise QUEUED");
    return claimed;
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 5)
  public long takeover() throws Exception {
    Store dead = hosts[0];
    Store survivor = hosts[1];
    String deadId = "dying-" + System.nanoTime();
    dead.fleet().register(deadId, 1, LEASE, Instant.now());
    List<StoredRun> held = dead.fleet().claim(deadId, 1, Instant.now().plus(LEASE), 0, Instant.now());
    long runId = held.getFirst().id();
    FleetSettings settings = new FleetSettings("survivor", LEASE, 1, 0);
    AtomicInteger woken = new AtomicInteger();
    HostHeartbeat heartbeat = new HostHeartbeat(survivor.fleet(), settings, 8, new LocalRuns() {
      @Override
      public Set<Long> inFlight() {
        return Set.of();
      }

      @Override
      public void cancelHere(long id, String why) {}

      @Override
      public void fenceHere(long id, String why) {}

      @Override
      public int openSessions() {
        return 0;
      }

      @Override
      public void queueChanged() {
        woken.incrementAndGet();
      }
    }, Clock.systemUTC());
    // the survivor's heartbeat runs at its own phase, unrelated to the moment the other host died
    Thread.sleep(ThreadLocalRandom.current().nextLong(settings.heartbeat().toMillis()));
    while (true) {
      heartbeat.beat();
      if (woken.get() > 0) {
        Instant now = Instant.now();
        for (StoredRun r : survivor.fleet().claim("survivor", 8, now.plus(LEASE), 0, now)) {
          if (r.id() == runId) return runId;
        }
      }
      Thread.sleep(settings.heartbeat().toMillis());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    for (Store s : hosts) {
      if (s != null) s.close();
    }
    if (postgres != null) postgres.close();
  }
}
