package dev.hearth.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Something that happened to a run. {@link #type()} is the name in the JSON event stream
 * ({@code run.queued}, {@code vm.allocated}, …). {@code jobId} is the job leg's id as shown to users
 * ({@code build} or {@code build (ubuntu, 18)}); {@code stepId} the step's id.
 */
public sealed interface RunEvent {
  String runId();

  Instant at();

  String type();

  record RunQueued(String runId, String workflowFile, String workflowName, String event, Instant at) implements RunEvent {
    public String type() { return "run.queued"; }
  }

  record VmAllocated(String runId, String vmId, String provider, String scope, Duration took, Instant at) implements RunEvent {
    public String type() { return "vm.allocated"; }
  }

  record RunStarted(String runId, String workflowFile, Instant at) implements RunEvent {
    public String type() { return "run.started"; }
  }

  record JobStarted(String runId, String jobId, String jobName, String vmId, Instant at) implements RunEvent {
    public String type() { return "job.started"; }
  }

  record StepStarted(String runId, String jobId, String stepId, String stepName, Instant at) implements RunEvent {
    public String type() { return "step.started"; }
  }

  /** One line of output (masked); {@code stream} is {@code stdout}, {@code stderr} or {@code hearth}. */
  record LogLine(String runId, String jobId, String stepId, String stream, String text, Instant at) implements RunEvent {
    public String type() { return "log"; }
  }

  /** An {@code ::error}/{@code ::warning}/{@code ::notice} annotation (masked). */
  record Annotation(String runId, String jobId, String stepId, String level, String message,
      Map<String, String> properties, Instant at) implements RunEvent {
    public String type() { return "annotation"; }
  }

  /** What a step wrote to {@code $GITHUB_STEP_SUMMARY} (Markdown, masked); sent before its StepFinished. */
  record StepSummary(String runId, String jobId, String stepId, String markdown, Instant at) implements RunEvent {
    public String type() { return "step.summary"; }
  }

  record StepFinished(String runId, String jobId, String stepId, Conclusion outcome, Conclusion conclusion,
      Duration duration, Instant at) implements RunEvent {
    public String type() { return "step.finished"; }
  }

  record JobFinished(String runId, String jobId, Conclusion result, Map<String, String> outputs, Duration duration,
      Instant at) implements RunEvent {
    public String type() { return "job.finished"; }
  }

  record VmReleased(String runId, String vmId, Duration took, Instant at) implements RunEvent {
    public String type() { return "vm.released"; }
  }

  record RunFinished(String runId, String workflowFile, Conclusion result, Duration duration, Instant at) implements RunEvent {
    public String type() { return "run.finished"; }
  }
}
