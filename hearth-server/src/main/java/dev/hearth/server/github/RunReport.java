package dev.hearth.server.github;

import dev.hearth.engine.Conclusion;
import dev.hearth.engine.RunEvent;
import dev.hearth.engine.RunListener;
import dev.hearth.workflow.plan.JobLeg;
import dev.hearth.workflow.plan.LegNames;
import dev.hearth.workflow.plan.PlannedJob;
import dev.hearth.workflow.plan.RunPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link RunListener} that reports one run to GitHub: one check run (or commit status) per job
 * leg. Legs the plan already knows are reported {@code queued} when the run is queued; legs of a
 * matrix only known at run time when they start. A job skipped or refused as a whole (its legs
 * never expanded) finishes every leg reported for it. Legs still open when the run finishes are
 * closed then ({@code cancelled} for a cancelled run, {@code failure} for a failed one, else
 * {@code skipped}).
 *
 * <p>{@link #on} only records and queues: the calls go out on the run's own thread ({@link
 * ReportQueue}), so a slow or failing GitHub never holds up or fails the run. Thread-safe.
 */
public final class RunReport implements RunListener {
  private final String runId;
  private final RunPlan plan;
  private final JobSink sink;
  private final ReportQueue queue;
  private final Map<String, Track> tracks = new LinkedHashMap<>();
  private final Map<String, List<Track>> byJobId = new HashMap<>();
  private String workflowName = "";
  private boolean closed;

  RunReport(String runId, RunPlan plan, JobSink sink) {
    this.runId = runId;
    this.plan = plan;
    this.sink = sink;
    this.queue = new ReportQueue(runId);
  }

  @Override
  public synchronized void on(RunEvent event) {
    if (closed) return;
    switch (event) {
      case RunEvent.RunQueued q -> queued(q);
      case RunEvent.JobStarted s -> started(s);
      case RunEvent.Annotation a -> forJob(a.jobId()).forEach(t -> t.notes.annotation(a, plan.workflow().file()));
      case RunEvent.StepSummary s -> forJob(s.jobId()).forEach(t -> t.notes.summary(s.markdown()));
      case RunEvent.JobFinished f -> forJob(f.jobId()).forEach(t -> finish(t, f.result(), f.duration(), f.at()));
      case RunEvent.RunFinished f -> runFinished(f);
      default -> { }
    }
  }

  /** The run this reports. */
  public String runId() {
    return runId;
  }

  /** Whether the run finished and every call for it went out. */
  boolean reported() {
    return queue.isDone();
  }

  /** Waits until every call for this run went out (once the run finished); false if {@code timeout} passed first. */
  public boolean awaitReported(Duration timeout) throws InterruptedException {
    return queue.await(timeout);
  }

  private void queued(RunEvent.RunQueued q) {
    workflowName = q.workflowName() != null && !q.workflowName().isBlank() ? q.workflowName() : q.workflowFile();
    for (PlannedJob job : plan.jobs()) {
      List<Track> legs = new ArrayList<>();
      for (JobLeg leg : job.legs()) {
        String key = leg.matrix().isEmpty() ? job.id() : LegNames.of(job.id(), leg.matrix());
        Track t = track(key, leg.name());
        legs.add(t);
        queue.submit(key, "reporting the job queued", () -> sink.queued(t.key, t.name, q.at()));
      }
      if (!legs.isEmpty() && !byJobId.containsKey(job.id())) byJobId.put(job.id(), legs);
    }
  }

  private void started(RunEvent.JobStarted s) {
    List<Track> known = forJob(s.jobId());
    if (known.isEmpty()) {
      Track t = track(s.jobId(), s.jobName() != null ? s.jobName() : s.jobId());
      known = List.of(t);
      queue.submit(t.key, "reporting the job queued", () -> sink.queued(t.key, t.name, s.at()));
    }
    if (s.vmId() == null) return; // never ran in a VM (skipped, cancelled while queued): finished comes next
    for (Track t : known) {
      if (known.size() == 1 && s.jobName() != null && !s.jobName().isBlank()) t.name = display(s.jobName());
      String name = t.name;
      queue.submit(t.key, "reporting the job started", () -> sink.started(t.key, name, s.at()));
    }
  }

  private void finish(Track t, Conclusion result, Duration took, java.time.Instant at) {
    if (t.finished) return;
    t.finished = true;
    JobNotes.Snapshot notes = t.notes.snapshot();
    String name = t.name;
    queue.submit(t.key, "reporting the job finished", () -> sink.finished(t.key, name, result, took, notes, at));
  }

  private void runFinished(RunEvent.RunFinished f) {
    Conclusion leftover = switch (f.result()) {
      case CANCELLED -> Conclusion.CANCELLED;
      case FAILURE -> Conclusion.FAILURE;
      default -> Conclusion.SKIPPED;
    };
    for (Track t : tracks.values()) finish(t, leftover, null, f.at());
    closed = true;
    queue.close();
  }

  private Track track(String key, String jobName) {
    Track t = tracks.computeIfAbsent(key, k -> new Track(k, display(jobName)));
    byJobId.putIfAbsent(key, List.of(t));
    return t;
  }

  private List<Track> forJob(String jobId) {
    if (jobId == null) return List.of();
    List<Track> exact = byJobId.get(jobId);
    return exact != null ? exact : List.of();
  }

  /** GitHub's way of showing a workflow's job: {@code workflow / job (matrix values)}. */
  private String display(String jobName) {
    return workflowName.isEmpty() ? jobName : workflowName + " / " + jobName;
  }

  /** One job leg being reported; touched only under the report's lock. */
  private static final class Track {
    final String key;
    final JobNotes notes = new JobNotes();
    String name;
    boolean finished;

    Track(String key, String name) {
      this.key = key;
      this.name = name;
    }
  }
}
