package dev.hearth.engine;

import java.util.Map;

/**
 * How one job leg ended.
 *
 * @param jobId the leg's id as users see it ({@code build} or {@code build (ubuntu, 18)})
 * @param job the job's id in the workflow ({@code build})
 * @param result what happened ({@link RunEvent.JobFinished} reports the same)
 * @param continuedOnError true when the leg failed but its {@code continue-on-error} held, so it counts
 *     as a success for dependents and for the run
 * @param outputs the leg's outputs
 * @param vmId the VM it ran in; null when it never ran (skipped, cancelled while queued)
 */
public record JobResult(
    String jobId, String job, Conclusion result, boolean continuedOnError, Map<String, String> outputs, String vmId) {

  public JobResult {
    outputs = Map.copyOf(outputs);
  }

  /** The result dependents and the run see: a failure that continued on error is a success. */
  public Conclusion effective() {
    return continuedOnError && result == Conclusion.FAILURE ? Conclusion.SUCCESS : result;
  }
}
