package dev.hearth.server.queue;

import dev.hearth.engine.WorkflowExecutor;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable queue from accepted delivery to executed run. {@link #accept} stores a delivery and
 * wakes one loop thread, which plans accepted deliveries (each on its own virtual thread: fetching
 * one repository does not hold up the others) and hands queued runs to the {@link RunDispatcher}.
 * {@link #start} first recovers from a previous process: runs it left running are finished as
 * failed ("runner restarted") and their VMs reaped; accepted deliveries and queued runs resume.
 */
public final class RunQueue implements Intake, AutoCloseable {
  /** The reason a run interrupted by the death of its server is failed with. */
  public static final String RESTARTED = "runner restarted";

  private static final Logger LOG = LoggerFactory.getLogger(RunQueue.class);

  private final Store store;
  private final Path checkouts;
  private final DeliveryPlanner planner;
  private final RunDispatcher dispatcher;
  private final VmReaper reaper;
  private final Clock clock;
  private final Semaphore wake = new Semaphore(0);
  private final Set<String> planning = ConcurrentHashMap.newKeySet();
  private final Set<Thread> planners = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private Thread loop;

  /**
   * @param dataDir mirrors under {@code mirrors/}, checkouts under {@code checkouts/}
   * @param mirrors fetches repositories
   * @param executor runs the runs (its session manager holds the {@code max-sessions} limit)
   * @param secrets the {@code secrets} context of runs not from forks
   * @param reaper frees the VMs a dead process left behind
   * @param extraListeners more listeners for a run (the GitHub reporter); {@link RunListeners#NONE} for none
   */
  public RunQueue(Store store, Path dataDir, Mirrors mirrors, WorkflowExecutor executor, Map<String, String> secrets,
      VmReaper reaper, RunListeners extraListeners, Clock clock) {
    this.store = store;
    this.checkouts = dataDir.resolve("checkouts");
    this.planner = new DeliveryPlanner(store, mirrors, checkouts, clock);
    this.dispatcher = new RunDispatcher(store, executor, new RunRequests(store, secrets, mirrors), extraListeners, clock);
    this.reaper = reaper;
    this.clock = clock;
  }

  /** Recovers from the previous process, then starts planning and running. */
  public void start() {
    recover();
    loop = Thread.ofPlatform().name("hearth-queue").daemon().start(this::loop);
    wake.release();
  }

  private void recover() {
    List<StoredRun> interrupted = store.failRunning(RESTARTED, clock.instant());
    interrupted.forEach(r -> LOG.warn("run={} delivery={} workflow={} failed: {} while it was running", r.id(),
        r.deliveryId(), r.workflowFile(), RESTARTED));
    for (VmRecord vm : store.progress().allocatedVms()) {
      String note = reaper.reap(vm);
      store.progress().vmReaped(vm.vmId(), note, clock.instant());
      LOG.warn("vm={} run={} provider={} reaped after a restart: {}", vm.vmId(), vm.runId(), vm.provider(), note);
    }
    int deliveries = store.acceptedDeliveries().size();
    int queued = store.queuedRuns().size();
    if (deliveries + queued + interrupted.size() > 0) {
      LOG.info("recovered: {} run(s) failed ({}), {} delivery(ies) to plan, {} queued run(s) to resume",
          interrupted.size(), RESTARTED, deliveries, queued);
    }
  }

  @Override
  public boolean accept(String deliveryId, String event, String action, String repository, String payload) {
    boolean stored = store.accept(deliveryId, event, action, repository, payload, clock.instant());
    if (stored) wake.release();
    return stored;
  }

  private void loop() {
    while (!closed) {
      try {
        wake.tryAcquire(1, TimeUnit.SECONDS);
        wake.drainPermits();
        if (closed) return;
        for (Delivery d : store.acceptedDeliveries()) {
          if (!planning.add(d.id())) continue;
          Thread t = Thread.ofVirtual().name("hearth-plan-" + d.id()).unstarted(() -> {
            try {
              planner.plan(d);
            } catch (RuntimeException e) {
              LOG.error("delivery={} planning failed in hearth", d.id(), e);
            } finally {
              planning.remove(d.id());
              planners.remove(Thread.currentThread());
              wake.release();
            }
          });
          planners.add(t);
          t.start();
        }
        dispatcher.dispatch();
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
    }
  }
}
