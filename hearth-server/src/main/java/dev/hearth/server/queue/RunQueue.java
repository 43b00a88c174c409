package dev.hearth.server.queue;

import dev.hearth.engine.WorkflowExecutor;
import dev.hearth.server.config.FleetSettings;
import dev.hearth.server.fleet.HostHeartbeat;
import dev.hearth.server.fleet.LocalRuns;
import dev.hearth.server.store.LostRun;
import dev.hearth.server.source.Mirrors;
import dev.hearth.server.store.Delivery;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import dev.hearth.server.store.VmRecord;
import dev.hearth.server.webhook.Intake;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable queue from accepted delivery to executed run, shared by every host of the fleet through
 * the store. {@link #accept} stores a delivery (to be planned by this host) and wakes one loop thread,
 * which plans the deliveries this host may plan (each on its own virtual thread: fetching one
 * repository does not hold up the others) and has the {@link RunDispatcher} claim queued runs while
 * this host has free sessions. The {@link HostHeartbeat} renews this host's leases and expires the
 * fleet's lapsed ones. {@link #start} first recovers from this host's previous process: the runs it
 * left running are failed ("runner restarted") or queued again, and the VMs it owned are reaped.
 */
public final class RunQueue implements Intake, AutoCloseable {
  /** The reason a run interrupted by the death of its server is failed with. */
  public static final String RESTARTED = "runner restarted";
  /** How often the loop looks for runs other hosts queued, when nothing woke it. */
  private static final long POLL_MILLIS = 500;

  private static final Logger LOG = LoggerFactory.getLogger(RunQueue.class);

  private final Store store;
  private final Path checkouts;
  private final DeliveryPlanner planner;
  private final RunCheckouts runCheckouts;
  private final RunDispatcher dispatcher;
  private final VmReaper reaper;
  private final FleetSettings fleet;
  private final HostHeartbeat heartbeat;
  private final Clock clock;
  private final Semaphore wake = new Semaphore(0);
  private final Set<String> planning = ConcurrentHashMap.newKeySet();
  private final Set<Thread> planners = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private Thread loop;

  /** A queue for one host with the fleet's defaults, handing every queued run to the engine at once. */
  public RunQueue(Store store, Path dataDir, Mirrors mirrors, WorkflowExecutor executor, Map<String, String> secrets,
      VmReaper reaper, RunListeners extraListeners, Clock clock) {
    this(store, dataDir, mirrors, executor, secrets, reaper, extraListeners, FleetSettings.defaults(), Integer.MAX_VALUE,
        () -> 0, clock);
  }

  /**
   * @param dataDir mirrors under {@code mirrors/}, checkouts under {@code checkouts/}
   * @param mirrors fetches repositories
   * @param executor runs the runs (its session manager holds the {@code max-sessions} limit)
   * @param secrets the {@code secrets} context of runs not from forks
   * @param reaper frees the VMs a dead process left behind
   * @param extraListeners more listeners for a run (the GitHub reporter); {@link RunListeners#NONE} for none
   * @param fleet this host's id, lease and the fleet's limits
   * @param maxSessions this host claims runs only while it executes fewer than this many
   * @param openSessions the sessions open in this process now (for the heartbeat and {@code hearth fleet})
   */
  public RunQueue(Store store, Path dataDir, Mirrors mirrors, WorkflowExecutor executor, Map<String, String> secrets,
      VmReaper reaper, RunListeners extraListeners, FleetSettings fleet, int maxSessions, IntSupplier openSessions,
      Clock clock) {
    this.store = store;
    this.checkouts = dataDir.resolve("checkouts");
    this.runCheckouts = new RunCheckouts(store, mirrors, checkouts, clock);
    this.planner = new DeliveryPlanner(store, mirrors, runCheckouts, clock);
    this.dispatcher = new RunDispatcher(store, executor, new RunRequests(store, secrets, mirrors), extraListeners, fleet,
        maxSessions, runCheckouts, wake::release, clock);
    this.reaper = reaper;
    this.fleet = fleet;
    this.clock = clock;
    this.heartbeat = new HostHeartbeat(store.fleet(), fleet, maxSessions == Integer.MAX_VALUE ? 0 : maxSessions,
        new LocalRuns() {
          @Override
          public Set<Long> inFlight() {
            return dispatcher.inFlightIds();
          }

          @Override
          public void cancelHere(long runId, String why) {
            dispatcher.cancelHere(runId, why);
          }

          @Override
          public int openSessions() {
            return openSessions.getAsInt();
          }

          @Override
          public void queueChanged() {
            wake.release();
          }
        }, clock);
  }

  /** Recovers from this host's previous process, then starts planning, claiming and beating. */
  public void start() {
    heartbeat.register();
    recover();
    heartbeat.start();
    loop = Thread.ofPlatform().name("hearth-queue").daemon().start(this::loop);
    wake.release();
  }

  /** This host's heartbeat (tests drive it on a manual clock). */
  public HostHeartbeat heartbeat() {
    return heartbeat;
  }

  private void recover() {
    List<LostRun> interrupted = store.fleet().loseRunsOf(fleet.hostId(), RESTARTED, fleet.retryOnHostLoss(), clock.instant());
    interrupted.forEach(r -> LOG.warn("host={} run={} delivery={} {}: {} while it was running", fleet.hostId(), r.runId(),
        r.deliveryId(), r.requeued() ? "queued again" : "failed", RESTARTED));
    for (VmRecord vm : store.fleet().allocatedVmsOf(fleet.hostId())) {
      String note = reaper.reap(vm);
      store.progress().vmReaped(vm.vmId(), note, clock.instant());
      LOG.warn("host={} vm={} run={} provider={} reaped after a restart: {}", fleet.hostId(), vm.vmId(), vm.runId(),
          vm.provider(), note);
    }
    runCheckouts.sweep();
    int deliveries = store.fleet().plannableIds(fleet.hostId(), clock.instant()).size();
    int queued = store.queuedCount();
    if (deliveries + queued + interrupted.size() > 0) {
      LOG.info("host={} recovered: {} run(s) interrupted ({}), {} delivery(ies) to plan, {} queued run(s) in the fleet",
          fleet.hostId(), interrupted.size(), RESTARTED, deliveries, queued);
    }
  }

  @Override
  public boolean accept(String deliveryId, String event, String action, String repository, String payload) {
    boolean stored = store.accept(deliveryId, event, action, repository, payload, fleet.hostId(), clock.instant());
    if (stored) wake.release();
    return stored;
  }

  private void loop() {
    while (!closed) {
      try {
        wake.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS);
        wake.drainPermits();
        if (closed) return;
        for (String id : store.fleet().plannableIds(fleet.hostId(), clock.instant())) {
          if (!planning.add(id)) continue;
          Thread t = Thread.ofVirtual().name("hearth-plan-" + id).unstarted(() -> {
            try {
              // Read (with its payload) only now that it is marked: the list may predate another
              // planner's commit (planning it twice would delete a checkout its runs are using).
              store.delivery(id).filter(x -> x.state() == Delivery.State.ACCEPTED).ifPresent(planner::plan);
            } catch (RuntimeException e) {
              LOG.error("delivery={} planning failed in hearth", id, e);
            } finally {
              planning.remove(id);
              planners.remove(Thread.currentThread());
              wake.release();
            }
          });
          planners.add(t);
          t.start();
        }
        dispatcher.dispatch();
        runCheckouts.sweepIfDue();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("queue loop: {}", e.toString(), e);
      }
    }
  }

  /** What {@link #cancel} did. */
  public enum Cancelled {
    SIGNALLED, DEQUEUED, ALREADY_FINISHED, UNKNOWN
  }

  /** Cancels run {@code runId} (see {@link RunDispatcher#cancel}). */
  public Cancelled cancel(long runId, String why) {
    Cancelled c = Cancelled.valueOf(dispatcher.cancel(runId, why).name());
    LOG.info("run={} cancel requested ({}): {}", runId, why, c.name().toLowerCase(java.util.Locale.ROOT));
    return c;
  }

  /**
   * Re-runs run {@code runId} exactly: its workflow at its commit, queued as the one run of a new
   * delivery (its checkout is made again from the mirror when it starts). Empty when there is no such run.
   */
  public java.util.Optional<StoredRun> rerun(long runId) {
    java.util.Optional<StoredRun> rerun = store.rerun(runId, d -> checkouts.resolve(d).toString(), clock.instant());
    rerun.ifPresent(r -> {
      LOG.info("run={} re-run as run={} delivery={} workflow={} sha={}", runId, r.id(), r.deliveryId(), r.workflowFile(), r.sha());
      wake.release();
    });
    return rerun;
  }

  /** Runs in flight in this process (waiting for admission or running). */
  public int runsInFlight() {
    return dispatcher.inFlight();
  }

  /** Stops planning and running; runs in flight are cancelled and their VMs released. */
  @Override
  public void close() {
    closed = true;
    wake.release();
    try {
      if (loop != null) loop.join(5_000);
      // A delivery being planned finishes (its fetch and checkout): closing never leaves a git process
      // writing into the data directory.
      for (Thread t : Set.copyOf(planners)) t.join(30_000);
      dispatcher.stop(30);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      heartbeat.close();
    }
  }
}
