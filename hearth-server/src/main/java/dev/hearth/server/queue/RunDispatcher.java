package dev.hearth.server.queue;

import dev.hearth.engine.Cancellation;
import dev.hearth.engine.RunListener;
import dev.hearth.engine.RunResult;
import dev.hearth.engine.WorkflowExecutor;
import dev.hearth.server.config.FleetSettings;
import dev.hearth.server.store.RunLease;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims queued runs from the store for this host, oldest first, only while it has a free session
 * ({@code max-sessions} minus the runs it executes), and runs each on its own virtual thread. A claim
 * is a lease the {@code HostHeartbeat} renews; the store decides which runs may be claimed (fleet-wide
 * concurrency groups and per-repository limits). Progress goes to the store and to the extra listeners.
 */
final class RunDispatcher {
  /** Told when this host's leases begin and end, for its self-fencing. */
  interface Leases {
    void claimed(long runId, java.time.Instant at);

    void ended(long runId);
  }

  /** A run executing here: how to cancel it, and whether its writes are fenced (its lease is lost or lapsing). */
  private record Execution(Cancellation cancellation, RunFence fence) {}

  private static final Logger LOG = LoggerFactory.getLogger(RunDispatcher.class);

  private final Store store;
  private final WorkflowExecutor executor;
  private final RunRequests requests;
  private final RunListeners extraListeners;
  private final FleetSettings fleet;
  private final int maxRuns;
  private final RunCheckouts checkouts;
  private final Runnable finished;
  private final Clock clock;
  private final Map<Long, Execution> inFlight = new ConcurrentHashMap<>();
  private final Leases leases;
  private final PendingVmReleases releases = new PendingVmReleases();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean stopping;

  RunDispatcher(Store store, WorkflowExecutor executor, RunRequests requests, RunListeners extraListeners,
      FleetSettings fleet, int maxRuns, RunCheckouts checkouts, Runnable finished, Leases leases, Clock clock) {
    this.store = store;
    this.executor = executor;
    this.requests = requests;
    this.extraListeners = extraListeners;
    this.fleet = fleet;
    this.maxRuns = maxRuns;
    this.checkouts = checkouts;
    this.finished = finished;
    this.leases = leases;
    this.clock = clock;
  }

  /** Claims as many queued runs as this host has free sessions, and starts them. */
  synchronized void dispatch() {
    if (stopping) return;
    int free = maxRuns - inFlight.size();
    if (free <= 0) return;
    java.time.Instant now = clock.instant();
    for (StoredRun run : store.fleet().claim(fleet.hostId(), free, now.plus(fleet.lease()), fleet.maxConcurrentPerRepo(),
        now, inFlight.keySet())) {
      Execution execution = new Execution(new Cancellation(), new RunFence());
      inFlight.put(run.id(), execution);
      leases.claimed(run.id(), now);
      LOG.info("host={} run={} delivery={} workflow={} claimed attempt={}", fleet.hostId(), run.id(), run.deliveryId(),
          run.workflowFile(), run.attempts());
      threads.submit(() -> execute(run, execution));
    }
  }

  private void execute(StoredRun claimed, Execution execution) {
    StoredRun run = claimed;
    RunLease lease = RunLease.of(claimed, fleet.hostId());
    try {
      run = checkouts.local(claimed);
      RunListeners listeners = (r, plan, payload) -> RunListener.all(List.of(
          new StoreListener(store, lease, execution.fence(), () -> stopping, releases),
          extraListeners.forRun(r, plan, payload)));
      RunResult result = executor.run(requests.of(run, listeners, execution.cancellation()));
      LOG.info("run={} delivery={} workflow={} finished result={} took={}ms", run.id(), run.deliveryId(),
          run.workflowFile(), result.result().githubName(), result.duration().toMillis());
    } catch (RunRequests.Unplannable e) {
      LOG.warn("run={} delivery={} workflow={} failed before it started: {}", run.id(), run.deliveryId(),
          run.workflowFile(), e.getMessage());
      if (!execution.fence().fenced()) store.progress().under(lease).finishRun("failure", e.getMessage(), clock.instant());
    } catch (RuntimeException e) {
      LOG.error("run={} delivery={} failed in hearth", run.id(), run.deliveryId(), e);
      if (execution.fence().fenced()) return;
      if (!stopping) store.progress().under(lease).finishRun("failure", "hearth failed: " + e, clock.instant());
      else store.fleet().release(run.id(), fleet.hostId());
    } finally {
      inFlight.remove(run.id());
      leases.ended(run.id());
      if (!stopping) removeCheckoutWhenDone(run);
      finished.run();
    }
  }

  /** Deletes the delivery's checkout on this host once every run made of it has finished. */
  private void removeCheckoutWhenDone(StoredRun run) {
    checkouts.deleteIfFinal(run.deliveryId());
  }

  /** What {@link #cancel} did. */
  enum Cancelled {
    /** The run was executing (or waiting for a slot): its cancellation was signalled. */
    SIGNALLED,
    /** The run was queued and is now finished as cancelled. */
    DEQUEUED,
    /** The run had already finished. */
    ALREADY_FINISHED,
    /** No such run. */
    UNKNOWN
  }

  /**
   * Cancels run {@code runId}: a run handed to the engine through its cancellation (cleanup runs, the
   * VM is released), a queued one by finishing it as cancelled. Synchronized with {@link #dispatch},
   * so a run is never both dequeued and started.
   */
  synchronized Cancelled cancel(long runId, String why) {
    if (cancelHere(runId, why)) return Cancelled.SIGNALLED;
    if (store.cancelQueued(runId, why, clock.instant())) {
      store.run(runId).ifPresent(r -> checkouts.deleteIfFinal(r.deliveryId()));
      return Cancelled.DEQUEUED;
    }
    if (store.fleet().requestCancel(runId, why)) return Cancelled.SIGNALLED; // another host runs it: a notice wakes it (else its heartbeat)
    return store.run(runId).isPresent() ? Cancelled.ALREADY_FINISHED : Cancelled.UNKNOWN;
  }

  /** Signals the cancellation of run {@code runId} if it executes here; false when it does not. */
  boolean cancelHere(long runId, String why) {
    Execution running = inFlight.get(runId);
    if (running == null) return false;
    running.cancellation().cancel(Cancellation.Reason.CANCELLED, why);
    return true;
  }

  /**
   * Stops run {@code runId} if it executes here because this host lost (or cannot keep) its lease: its
   * progress is no longer written, then it is cancelled. False when it does not execute here.
   */
  boolean fenceHere(long runId, String why) {
    Execution running = inFlight.get(runId);
    if (running == null) return false;
    running.fence().fence(why);
    running.cancellation().cancel(Cancellation.Reason.CANCELLED, why);
    return true;
  }

  /** Records the VM releases the store could not take while it was unreachable. */
  void storeAnswers() {
    if (!releases.isEmpty()) releases.flush(store.progress());
  }

  /** The runs this host executes (claimed, not finished). */
  java.util.Set<Long> inFlightIds() {
    return java.util.Set.copyOf(inFlight.keySet());
  }

  /** Runs handed to the engine and not finished (waiting for admission or running). */
  int inFlight() {
    return inFlight.size();
  }

  /**
   * Stops: cancels the runs in flight (their cleanup runs and their VMs are released; those still
   * waiting for admission stay queued for the next start) and waits up to {@code seconds}.
   */
  void stop(long seconds) throws InterruptedException {
    stopping = true;
    inFlight.values().forEach(x -> x.cancellation().cancel(Cancellation.Reason.CANCELLED, "hearth serve is stopping"));
    threads.shutdown();
    if (!threads.awaitTermination(seconds, TimeUnit.SECONDS)) {
      LOG.warn("{} run(s) still running after {} s of shutdown", inFlight.size(), seconds);
    }
  }
}
