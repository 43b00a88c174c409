package dev.hearth.server.github;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hearth.engine.Conclusion;
import dev.hearth.engine.RunEvent;
import dev.hearth.engine.RunListener;
import dev.hearth.server.store.ReportChange;
import dev.hearth.server.store.ReportDestination;
import dev.hearth.server.store.ReportOutbox;
import dev.hearth.server.store.StoreException;
import dev.hearth.workflow.plan.JobLeg;
import dev.hearth.workflow.plan.LegNames;
import dev.hearth.workflow.plan.PlannedJob;
import dev.hearth.workflow.plan.RunPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RunListener} that reports one attempt of one run to GitHub: one check run (or commit
 * status) per job leg. Legs the plan already knows are reported {@code queued} when the run is queued;
 * legs of a matrix only known at run time when they start. A job skipped or refused as a whole (its
 * legs never expanded) finishes every leg reported for it. Legs still open when the run finishes are
 * closed then ({@code cancelled} for a cancelled run, {@code failure} for a failed one, else
 * {@code skipped}), in the transaction that finishes the run.
 *
 * <p>{@link #on} only appends the state changes to the store's {@link ReportOutbox} (fenced on this
 * host's lease of the run) and has the run's own thread ({@link ReportQueue}) send them at once, so a
 * slow or failing GitHub never holds up or fails the run, and what is not sent when this host dies is
 * sent by another. Thread-safe.
 */
public final class RunReport implements RunListener {
  private static final Logger LOG = LoggerFactory.getLogger(RunReport.class);

  private final long runId;
  private final int attempt;
  private final RunPlan plan;
  private final ReportDestination destination;
  private final ReportSender sender;
  private final ReportQueue queue;
  private final Map<String, Track> tracks = new LinkedHashMap<>();
  private final Map<String, List<Track>> byJobId = new HashMap<>();
  private String workflowName = "";
  private boolean closed;
  private boolean lost;
  private boolean finalWritten;

  RunReport(long runId, int attempt, RunPlan plan, ReportDestination destination, ReportSender sender) {
    this.runId = runId;
    this.attempt = attempt;
    this.plan = plan;
    this.destination = destination;
    this.sender = sender;
    this.queue = new ReportQueue(String.valueOf(runId));
    sender.outbox().whenFinishing(runId, this::finalChanges);
  }

  @Override
  public synchronized void on(RunEvent event) {
    if (closed) return;
    switch (event) {
      case RunEvent.RunQueued q -> queued(q);
      case RunEvent.JobStarted s -> started(s);
      case RunEvent.Annotation a -> forJob(a.jobId()).forEach(t -> t.notes.annotation(a, plan.workflow().file()));
      case RunEvent.StepSummary s -> forJob(s.jobId()).forEach(t -> t.notes.summary(s.markdown()));
      case RunEvent.JobFinished f -> {
        List<ReportChange> changes = new ArrayList<>();
        forJob(f.jobId()).forEach(t -> finish(t, f.result(), f.duration(), f.at(), changes));
        append(changes, f.at());
      }
      case RunEvent.RunFinished f -> runFinished(f);
      default -> { }
    }
  }

  /** The run this reports. */
  public String runId() {
    return String.valueOf(runId);
  }

  /** Whether the run finished and every call for it went out. */
  boolean reported() {
    return queue.isDone();
  }

  /** Waits until every call for this run went out (once the run finished); false if {@code timeout} passed first. */
  public boolean awaitReported(Duration timeout) throws InterruptedException {
    return queue.await(timeout);
  }

  /** Stops sending now (shutdown): what is not sent stays in the store. */
  void stop() {
    queue.stopNow();
  }

  private void queued(RunEvent.RunQueued q) {
    workflowName = q.workflowName() != null && !q.workflowName().isBlank() ? q.workflowName() : q.workflowFile();
    List<ReportChange> changes = new ArrayList<>();
    for (PlannedJob job : plan.jobs()) {
      List<Track> legs = new ArrayList<>();
      for (JobLeg leg : job.legs()) {
        String key = leg.matrix().isEmpty() ? job.id() : LegNames.of(job.id(), leg.matrix());
        Track t = track(key, leg.name());
        legs.add(t);
        changes.add(change(t, ReportChange.QUEUED, null, null, null, null));
      }
      if (!legs.isEmpty() && !byJobId.containsKey(job.id())) byJobId.put(job.id(), legs);
    }
    append(changes, q.at());
  }

  private void started(RunEvent.JobStarted s) {
    List<ReportChange> changes = new ArrayList<>();
    List<Track> known = forJob(s.jobId());
    if (known.isEmpty()) {
      Track t = track(s.jobId(), s.jobName() != null ? s.jobName() : s.jobId());
      known = List.of(t);
      changes.add(change(t, ReportChange.QUEUED, null, null, null, null));
    }
    if (s.vmId() != null) { // else it never ran in a VM (skipped, cancelled while queued): finished comes next
      for (Track t : known) {
        if (known.size() == 1 && s.jobName() != null && !s.jobName().isBlank()) t.name = display(s.jobName());
        changes.add(change(t, ReportChange.IN_PROGRESS, null, s.at(), null, null));
      }
    }
    append(changes, s.at());
  }

  private void finish(Track t, Conclusion result, Duration took, Instant at, List<ReportChange> into) {
    if (t.finished) return;
    t.finished = true;
    JobNotes.Snapshot notes = t.notes.snapshot();
    CheckRunOutput output = JobReportText.output(t.name, result, took, notes);
    ArrayNode annotations = JsonNodeFactory.instance.arrayNode();
    output.annotations().forEach(a -> annotations.add(a.toJson()));
    into.add(new ReportChange(t.key, t.name, ReportChange.COMPLETED, conclusion(result).githubName(), null, at,
        JobReportText.title(result, took, notes), output.summary(), annotations.isEmpty() ? null : annotations.toString()));
  }

  /** The changes that close the legs still open when the run ends; written by the store as it finishes the run. */
  private synchronized ReportOutbox.Batch finalChanges(String runConclusion, Instant at) {
    Conclusion leftover = switch (runConclusion) {
      case "cancelled" -> Conclusion.CANCELLED;
      case "failure" -> Conclusion.FAILURE;
      default -> Conclusion.SKIPPED;
    };
    List<ReportChange> changes = new ArrayList<>();
    for (Track t : tracks.values()) finish(t, leftover, null, at, changes);
    finalWritten = true;
    return new ReportOutbox.Batch(destination, changes);
  }

  private void runFinished(RunEvent.RunFinished f) {
    sender.outbox().forget(runId);
    if (!finalWritten && !lost) {
      Conclusion leftover = switch (f.result()) {
        case CANCELLED -> Conclusion.CANCELLED;
        case FAILURE -> Conclusion.FAILURE;
        default -> Conclusion.SKIPPED;
      };
      List<ReportChange> changes = new ArrayList<>();
      for (Track t : tracks.values()) finish(t, leftover, null, f.at(), changes);
      append(changes, f.at());
    }
    closed = true;
    queue.close();
  }

  /** Appends {@code changes} to the outbox (only while this host holds the run) and has them sent. */
  private void append(List<ReportChange> changes, Instant at) {
    if (changes.isEmpty() || lost) return;
    try {
      if (!sender.outbox().append(runId, sender.host(), attempt, destination, changes, at)) {
        lost = true;
        LOG.warn("host={} run={} attempt={} no longer holds the run: its reports to GitHub are left to the host that "
            + "took it over or expired it", sender.host(), runId, attempt);
        return;
      }
    } catch (StoreException e) {
      LOG.warn("run={} {} report(s) to GitHub not recorded: {}", runId, changes.size(), e.getMessage());
      return;
    }
    queue.submit("-", "sending its reports", () -> sender.drain(runId));
  }

  private ReportChange change(Track t, String status, String conclusion, Instant startedAt, Instant completedAt,
      String title) {
    return new ReportChange(t.key, t.name, status, conclusion, startedAt, completedAt, title, null, null);
  }

  /** GitHub's conclusion for the engine's. */
  static CheckRunFields.Conclusion conclusion(Conclusion result) {
    return switch (result) {
      case SUCCESS -> CheckRunFields.Conclusion.SUCCESS;
      case FAILURE -> CheckRunFields.Conclusion.FAILURE;
      case CANCELLED -> CheckRunFields.Conclusion.CANCELLED;
      case SKIPPED -> CheckRunFields.Conclusion.SKIPPED;
    };
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
