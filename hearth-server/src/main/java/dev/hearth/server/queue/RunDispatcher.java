package dev.hearth.server.queue;

import dev.hearth.engine.Cancellation;
import dev.hearth.engine.RunListener;
import dev.hearth.engine.RunResult;
import dev.hearth.engine.WorkflowExecutor;
import dev.hearth.server.config.FleetSettings;
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
  private final Map<Long, Cancellation> inFlight = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean stopping;

  RunDispatcher(Store store, WorkflowExecutor executor, RunRequests requests, RunListeners extraListeners,
      FleetSettings fleet, int maxRuns, RunCheckouts checkouts, Runnable finished, Clock clock) {
    this.store = store;
    this.executor = executor;
    this.requests = requests;
    this.extraListeners = extraListeners;
    this.fleet = fleet;
    this.maxRuns = maxRuns;
    this.checkouts = checkouts;
    this.finished = finished;
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
      Cancellation cancellation = new Cancellation();
      inFlight.put(run.id(), cancellation);
      LOG.info("host={} run={} delivery={} workflow={} claimed attempt={}", fleet.hostId(), run.id(), run.deliveryId(),
          run.workflowFile(), run.attempts());
      threads.submit(() -> execute(run, cancellation));
    }
  }

  private void execute(StoredRun claimed, Cancellation cancellation) {
    StoredRun run = claimed;
    try {
      run = checkouts.local(claimed);
      RunListeners listeners = (r, plan, payload) -> RunListener.all(List.of(
          new StoreListener(store, r.id(), fleet.hostId(), () -> stopping), extraListeners.forRun(r, plan, payload)));
      RunResult result = executor.run(requests.of(run, listeners, cancellation));
      LOG.info("run={} delivery={} workflow={} finished result={} took={}ms", run.id(), run.deliveryId(),
          run.workflowFile(), result.result().githubName(), result.duration().toMillis());
    } catch (RunRequests.Unplannable e) {
      LOG.warn("run={} delivery={} workflow={} failed before it started: {}", run.id(), run.deliveryId(),
          run.workflowFile(), e.getMessage());
      store.finishRun(run.id(), "failure", e.getMessage(), fleet.hostId(), clock.instant());
    } catch (RuntimeException e) {
      LOG.error("run={} delivery={} failed in hearth", run.id(), run.deliveryId(), e);
      if (!stopping) store.finishRun(run.id(), "failure", "hearth failed: " + e, fleet.hostId(), clock.instant());
      else store.fleet().release(run.id(), fleet.hostId());
    } finally {
      inFlight.remove(run.id());
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
    if (store.fleet().requestCancel(runId, why)) return Cancelled.SIGNALLED; // another host runs it: it notices on its heartbeat
    return store.run(runId).isPresent() ? Cancelled.ALREADY_FINISHED : Cancelled.UNKNOWN;
  }

  /** Signals the cancellation of run {@code runId} if it executes here; false when it does not. */
  boolean cancelHere(long runId, String why) {
    Cancellation running = inFlight.get(runId);
    if (running == null) return false;
    running.cancel(Cancellation.Reason.CANCELLED, why);
    return true;
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
    inFlight.values().forEach(c -> c.cancel(Cancellation.Reason.CANCELLED, "hearth serve is stopping"));
    threads.shutdown();
    if (!threads.awaitTermination(seconds, TimeUnit.SECONDS)) {
      LOG.warn("{} run(s) still running after {} s of shutdown", inFlight.size(), seconds);
    }
  }
}
