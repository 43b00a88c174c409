package dev.hearth.bench;

import dev.hearth.server.config.FleetSettings;
import dev.hearth.server.fleet.HostHeartbeat;
import dev.hearth.server.fleet.LocalRuns;
import dev.hearth.server.store.FleetListener;
import dev.hearth.server.store.PlannedRun;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.PostgresCluster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * How fast one host of a fleet hears of another's change, on a real PostgreSQL, two hosts in one JVM
 * (two {@link Store}s, each with its own connection pool): host a asks, host b acts. Each figure is
 * measured with b listening for the store's notices ({@code notice}) and, as the reference, with b
 * only polling as before notices existed ({@code polling}).
 *
 * <ul>
 *   <li>{@link #cancelAcrossHosts}: a cancel asked on host a ({@code requestCancel}, what the API does for a
 *       run executing elsewhere) until host b signals the run's cancellation (its step is killed from
 *       there, as for a local cancel). Polling: b finds it at its heartbeat, every lease/3 (5 s with the
 *       default 15 s lease) at a phase unrelated to the cancel. Target: 100 ms.
 *   <li>{@link #queueToClaim}: a run queued by host a (full: it claims nothing) until idle host b has
 *       claimed it. Polling: b's queue loop looks every 500 ms. Target: 100 ms.
 * </ul>
 */
@State(Scope.Benchmark)
public class FleetNoticeBench {
  static final Duration LEASE = FleetSettings.DEFAULT_LEASE;
  /** The queue loop's poll, as in RunQueue. */
  static final long POLL_MILLIS = 500;

  @Param({"notice", "polling"})
  public String how;

  private PostgresCluster postgres;
  private Store a;
  private Store b;
  private FleetListener listener;
  private HostHeartbeat heartbeat;
  private Thread beating;
  private Thread claiming;
  private volatile boolean closed;
  private final Semaphore wake = new Semaphore(0);
  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
  private final Map<Long, CompletableFuture<Long>> cancelled = new ConcurrentHashMap<>();
  private final Map<Long, CompletableFuture<Long>> claimed = new ConcurrentHashMap<>();
  private final AtomicLong deliveries = new AtomicLong();
  private volatile boolean claimLoop;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (PostgresCluster.binaries().isEmpty()) {
      throw new IllegalStateException("FleetNoticeBench needs PostgreSQL's server (initdb, pg_ctl): apt-get install postgresql");
    }
    postgres = PostgresCluster.start();
    String url = postgres.newDatabase();
    a = Store.open(url);
    b = Store.open(url);
    a.fleet().register("a", 8, LEASE, Instant.now());
    FleetSettings settings = new FleetSettings("b", LEASE, 0, 0);
    heartbeat = new HostHeartbeat(b.fleet(), settings, 8, new Runs(), Clock.systemUTC());
    heartbeat.register();
    if (how.equals("notice")) {
      listener = b.fleet().listen("b", new FleetListener.Wakeups() {
        @Override
        public void queued() {
          wake.release();
        }

        @Override
        public void cancelRequested(long runId) {
          heartbeat.cancelRequested(runId);
        }

        @Override
        public void resync() {
          wake.release();
        }
      });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!listener.listening()) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("host b's listener did not connect in 30 s");
        Thread.sleep(10);
      }
    }
    beating = Thread.ofPlatform().name("bench-heartbeat-b").daemon().start(() -> {
      while (!closed) {
        try {
          Thread.sleep(settings.heartbeat());
          if (!closed) heartbeat.beat();
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          if (!closed) System.err.println("bench: host b's heartbeat: " + e);
        }
      }
    });
    claiming = Thread.ofPlatform().name("bench-queue-b").daemon().start(this::claimLoop);
  }

  /** Host b's queue loop, as RunQueue's: woken by a notice, else every {@link #POLL_MILLIS}. */
  private void claimLoop() {
    while (!closed) {
      try {
        wake.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS);
        wake.drainPermits();
        if (!claimLoop) continue;
        Instant now = Instant.now();
        for (StoredRun r : b.fleet().claim("b", 8, now.plus(LEASE), 0, now)) {
          long at = System.nanoTime();
          b.finishRun(r.id(), "success", null, "b", Instant.now());
          claimed.computeIfAbsent(r.id(), id -> new CompletableFuture<>()).complete(at);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        System.err.println("bench: host b's queue loop: " + e);
      }
    }
  }

  /** Host b's runs: the one the cancel benchmark placed there. */
  private final class Runs implements LocalRuns {
    @Override
    public Set<Long> inFlight() {
      return Set.copyOf(inFlight);
    }

    @Override
    public void cancelHere(long runId, String why) {
      long at = System.nanoTime();
      inFlight.remove(runId);
      b.finishRun(runId, "cancelled", why, "b", Instant.now());
      cancelled.computeIfAbsent(runId, id -> new CompletableFuture<>()).complete(at);
    }

    @Override
    public void fenceHere(long runId, String why) {
      inFlight.remove(runId); // the bench's hosts never lose the database
    }

    @Override
    public int openSessions() {
      return inFlight.size();
    }

    @Override
    public void queueChanged() {
      wake.release();
    }
  }

  private long queue() {
    String id = "d" + deliveries.incrementAndGet();
    a.accept(id, "push", null, "octo/bench", "{}", "a", Instant.now());
    return a.plan(id, "push", "octo/bench", "abc", "/nowhere", false, List.of(new PlannedRun("ci.yml", "ci")), null,
        Instant.now()).getFirst().id();
  }

  /**
   * Polling: waits a random part of the heartbeat (or poll) period before each invocation, outside the
   * measured time, so a change lands at a random phase of the loop that finds it, as in a real fleet (run
   * back to back, every invocation would start just after the loop's last round and wait a whole period).
   */
  @Setup(Level.Invocation)
  public void randomPhase(BenchmarkParams params) throws InterruptedException {
    if (!how.equals("polling")) return;
    long period = params.getBenchmark().endsWith("cancelAcrossHosts") ? LEASE.dividedBy(3).toMillis() : POLL_MILLIS;
    Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(period));
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long cancelAcrossHosts() throws Exception {
    claimLoop = false;
    long run = queue();
    Instant now = Instant.now();
    List<StoredRun> held = b.fleet().claim("b", 1, now.plus(LEASE), 0, now);
    if (held.isEmpty() || held.getFirst().id() != run) throw new IllegalStateException("host b did not claim run " + run);
    inFlight.add(run);
    long asked = System.nanoTime();
    a.fleet().requestCancel(run, "cancelled through the API of host a");
    long at = cancelled.computeIfAbsent(run, id -> new CompletableFuture<>()).get(60, TimeUnit.SECONDS);
    cancelled.remove(run);
    return at - asked;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long queueToClaim() throws Exception {
    claimLoop = true;
    long queued = System.nanoTime();
    long run = queue();
    long at = claimed.computeIfAbsent(run, id -> new CompletableFuture<>()).get(60, TimeUnit.SECONDS);
    claimed.remove(run);
    return at - queued;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    closed = true;
    for (Thread t : new Thread[] {beating, claiming}) {
      if (t == null) continue;
      t.interrupt();
      t.join(10_000);
    }
    if (listener != null) listener.close();
    if (a != null) a.close();
    if (b != null) b.close();
    if (postgres != null) postgres.close();
  }
}
