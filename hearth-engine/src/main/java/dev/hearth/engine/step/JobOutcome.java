package dev.hearth.engine.step;

import dev.hearth.engine.Conclusion;
import java.util.Map;

/**
 * How one job leg ended.
 *
 * @param result the job's result as {@code needs.<id>.result} shows it
 * @param outputs the job's {@code outputs}, evaluated after its steps (values holding a secret or
 *     mask removed, as GitHub does)
 * @param stepSummaries each step's {@code $GITHUB_STEP_SUMMARY} markdown, masked, by step id in step
 *     order; steps that wrote none are absent
 */
public record JobOutcome(Conclusion result, Map<String, String> outputs, Map<String, String> stepSummaries) {

  public JobOutcome {
    outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
    stepSummaries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stepSummaries));
  }

  public JobOutcome(Conclusion result, Map<String, String> outputs) {
    this(result, outputs, Map.of());
  }
}
