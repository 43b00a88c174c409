package dev.hearth.engine;

import java.util.Map;

/**
 * A finished job as the jobs that need it see it: {@code needs.<id>.result} (a failure that
 * continued on error reads {@code success}) and {@code needs.<id>.outputs} (legs merged, the last
 * to finish wins).
 */
record JobSummary(String id, Conclusion result, Map<String, String> outputs) {
  JobSummary {
    outputs = Map.copyOf(outputs);
  }
}
