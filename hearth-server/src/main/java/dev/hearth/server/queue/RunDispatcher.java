package dev.hearth.server.queue;

import dev.hearth.engine.Cancellation;
import dev.hearth.engine.RunListener;
import dev.hearth.engine.RunResult;
import dev.hearth.engine.WorkflowExecutor;
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
 * Hands the store's queued runs to the engine, oldest first, each once, on its own virtual thread;
 * the engine's session manager admits them under {@code max-sessions} (the rest wait there, still
 * queued in the store). Progress goes to the store and to the extra listeners.
 */
final class RunDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(RunDispatcher.class);

  private final Store store;
  private final WorkflowExecutor executor;
  private final RunRequests requests;
  private final RunListeners extraListeners;
  private final Clock clock;
  private final Map<Long, Cancellation> inFlight = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean stopping;

  RunDispatcher(Store store, WorkflowExecutor executor, RunRequests requests,
      RunListeners extraListeners, Clock clock) {
    this.store = store;
    this.executor = executor;
    this.requests = requests;
    this.extraListeners = extraListeners;
    this.clock = clock;
  }

  /** Starts every queued run not started yet. */
  synchronized void dispatch() {
    if (stopping) return;
    for (StoredRun run : store.queuedRuns()) {
      if (inFlight.containsKey(run.id())) continue;
      Cancellation cancellation = new Cancellation();
      inFlight.put(run.id(), cancellation);
      threads.submit(() -> execute(run, cancellation));
    }
  }

  private void execute(StoredRun run, Cancellation cancellation) {
    try {
      RunListeners listeners = (r, plan, payload) -> RunListener.all(List.of(
          new StoreListener(store, r.id(), () -> stopping), extraListeners.forRun(r, plan, payload)));
      RunResult result = executor.run(requests.of(run, listeners, cancellation));
      LOG.info("run={} delivery={} workflow={} finished result={} took={}ms", run.id(), run.deliveryId(),
          run.workflowFile(), result.result().githubName(), result.duration().toMillis());
    } catch (RunRequests.Unplannable e) {
      LOG.warn("run={} delivery={} workflow={} failed before it started: {}", run.id(), run.deliveryId(),
          run.workflowFile(), e.getMessage());
      store.finishRun(run.id(), "failure", e.getMessage(), clock.instant());
    } catch (RuntimeException e) {
      LOG.error("run={} delivery={} failed in hearth", run.id(), run.deliveryId(), e);
      if (!stopping) store.finishRun(run.id(), "failure", "hearth failed: " + e, clock.instant());
    } finally {
      inFlight.remove(run.id());
      if (!stopping) removeCheckoutWhenDone(run);
    }
  }

  /** Deletes the delivery's checkout once every run made of it has finished. */
  private void removeCheckoutWhenDone(StoredRun run) {
    try {
      if (store.runsOf(run.deliveryId()).stream().allMatch(r -> r.state().equals(StoredRun.FINISHED))) {
        DeliveryPlanner.delete(java.nio.file.Path.of(run.checkout()));
      }
    } catch (RuntimeException e) {
      LOG.warn("run={} delivery={} checkout {} not removed: {}", run.id(), run.deliveryId(), run.checkout(), e.toString());
    }
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
    Cancellation running = inFlight.get(runId);
    if (running != null) {
      running.cancel(Cancellation.Reason.CANCELLED, why);
      return Cancelled.SIGNALLED;
    }
    if (store.cancelQueued(runId, why, clock.instant())) return Cancelled.DEQUEUED;
    return store.run(runId).isPresent() ? Cancelled.ALREADY_FINISHED : Cancelled.UNKNOWN;
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
