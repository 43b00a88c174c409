package dev.hearth.engine;

import java.time.Duration;
import java.util.List;

/**
 * How a run ended.
 *
 * @param runId the run
 * @param result {@code success} when every job leg succeeded (or continued on error) or was skipped by
 *     its own condition; {@code cancelled} when the run was cancelled; else {@code failure}
 * @param jobs every job leg considered, in the order they finished
 * @param vmIds the VMs the run used, in allocation order (one in workflow scope; none when it never
 *     got one)
 * @param duration from queued to finished
 */
public record RunResult(String runId, Conclusion result, List<JobResult> jobs, List<String> vmIds, Duration duration) {

  public RunResult {
    jobs = List.copyOf(jobs);
    vmIds = List.copyOf(vmIds);
  }

  public boolean succeeded() {
    return result == Conclusion.SUCCESS;
  }
}
