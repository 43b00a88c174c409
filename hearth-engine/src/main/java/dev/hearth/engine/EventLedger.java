package dev.hearth.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run's listener as the engine uses it: passes every event on (a listener that throws is logged
 * and ignored), one event at a time, and remembers which jobs and steps have started but not
 * finished, so that whatever goes wrong the executor can finish them and keep the ordering contract
 * of {@link RunListener}.
 */
final class EventLedger implements RunListener {
  private final RunListener target;
  private final Clock clock;
  private final Set<String> openJobs = new LinkedHashSet<>();
  private final Map<String, List<String>> openSteps = new LinkedHashMap<>();

  EventLedger(RunListener target, Clock clock) {
    this.target = RunListener.all(List.of(target));
    this.clock = clock;
  }

  @Override
  public synchronized void on(RunEvent event) {
    switch (event) {
      case RunEvent.JobStarted e -> openJobs.add(e.jobId());
      case RunEvent.JobFinished e -> openJobs.remove(e.jobId());
      case RunEvent.StepStarted e -> openSteps.computeIfAbsent(e.jobId(), k -> new ArrayList<>()).add(e.stepId());
      case RunEvent.StepFinished e -> {
        List<String> steps = openSteps.get(e.jobId());
        if (steps != null) steps.remove(e.stepId());
      }
      default -> { }
    }
    target.on(event);
  }

  /** Finishes the steps of {@code jobId} that started and never finished (a runner that threw). */
  synchronized void finishOpenSteps(String runId, String jobId, Conclusion conclusion) {
    List<String> steps = openSteps.remove(jobId);
    if (steps == null) return;
    for (String step : List.copyOf(steps)) {
      on(new RunEvent.StepFinished(runId, jobId, step, conclusion, conclusion, Duration.ZERO, clock.instant()));
    }
  }

  synchronized boolean isJobOpen(String jobId) {
    return openJobs.contains(jobId);
  }

  /** Finishes every job (and its steps) that started and never finished. */
  synchronized void finishOpenJobs(String runId, Conclusion conclusion) {
    for (String job : List.copyOf(openJobs)) {
      finishOpenSteps(runId, job, conclusion);
      on(new RunEvent.JobFinished(runId, job, conclusion, Map.of(), Duration.ZERO, clock.instant()));
    }
  }
}
