package dev.hearth.engine;

import java.util.List;

/**
 * Where progress leaves the engine: the CLI printer, the JSON event stream, the store, live logs and
 * metrics are all listeners.
 *
 * <p>Ordering contract: for one run, events arrive in the order they happened, from one thread at a
 * time per job (jobs of one run may report from different threads, so a listener that serves several
 * jobs must be thread-safe). Every {@code *Started} event is followed by exactly one matching
 * {@code *Finished} event, also after failure and cancellation; {@link RunEvent.VmAllocated} is followed
 * by exactly one {@link RunEvent.VmReleased}. Log lines are already masked. A listener must not block
 * for long and must not throw (what it throws is logged and ignored).
 *
 * <p>What the executor adds to that contract:
 *
 * <ul>
 *   <li>{@link RunEvent.RunQueued} is followed by exactly one {@link RunEvent.RunFinished}, the run's
 *       last event. {@link RunEvent.RunStarted} comes in between only once the run holds its VM
 *       (workflow scope) or is admitted to schedule jobs (job scope): a run cancelled while waiting
 *       for admission, or whose VM could not be allocated, goes from queued to finished with a log
 *       line saying why.
 *   <li>Workflow scope: queued, vm.allocated, run.started, the jobs, vm.released, run.finished. Job
 *       scope: each job leg's vm.allocated comes before its job.started and its vm.released after its
 *       job.finished.
 *   <li>Every job leg considered gets one {@link RunEvent.JobStarted} and one {@link
 *       RunEvent.JobFinished}; a leg that never ran in a VM (skipped by its {@code if}, cancelled
 *       while queued, no VM) has a null {@code vmId} and no steps.
 *   <li>Lines about the run itself have a null {@code jobId}; Hearth's own lines have stream {@code
 *       hearth}; the output of setup and cleanup has step id {@code (setup)} / {@code (cleanup)}.
 * </ul>
 */
@FunctionalInterface
public interface RunListener {
  RunListener NONE = event -> {};

  void on(RunEvent event);

  /** One listener that tells each of {@code listeners} in turn. */
  static RunListener all(List<RunListener> listeners) {
    List<RunListener> copy = List.copyOf(listeners);
    return event -> {
      for (RunListener l : copy) {
        try {
          l.on(event);
        } catch (RuntimeException e) {
          org.slf4j.LoggerFactory.getLogger(RunListener.class).warn("listener {} failed on {}: {}", l, event.type(), e.toString());
        }
      }
    };
  }
}
