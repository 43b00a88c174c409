package dev.hearth.engine.step;

import dev.hearth.engine.Conclusion;
import java.util.Map;

/**
 * How one job leg ended. SKELETON: the step-semantics work may add fields.
 *
 * @param result the job's result as {@code needs.<id>.result} shows it
 * @param outputs the job's {@code outputs}, evaluated after its steps (masked values removed)
 */
public record JobOutcome(Conclusion result, Map<String, String> outputs) {}
