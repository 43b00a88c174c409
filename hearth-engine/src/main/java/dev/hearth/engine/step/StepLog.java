package dev.hearth.engine.step;

import dev.hearth.engine.RunEvent;
import dev.hearth.engine.RunListener;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where one step's (or the job's own) lines and annotations go: every text is masked before the
 * listener sees it. Lines use GitHub's raw log markers, which printers render or fold:
 * {@code ##[group]name}, {@code ##[endgroup]}, {@code ##[error]msg}, {@code ##[warning]msg},
 * {@code ##[notice]msg}, {@code ##[debug]msg}. Thread-safe (stdout and stderr report at once).
 *
 * @param stepId the step, or null for lines about the job itself (job outputs, job setup)
 */
record StepLog(RunListener listener, Clock clock, Masker masker, String runId, String jobId, String stepId) {

  static final String STDOUT = "stdout";
  static final String STDERR = "stderr";
  static final String HEARTH = "hearth";

  synchronized void line(String stream, String text) {
    listener.on(new RunEvent.LogLine(runId, jobId, stepId, stream, masker.mask(text), clock.instant()));
  }

  /** A line Hearth writes about the step (stream {@code hearth}). */
  void info(String text) {
    line(HEARTH, text);
  }

  /** An error annotation without properties and its {@code ##[error]} line. */
  void error(String message) {
    annotate("error", message, Map.of());
  }

  void warning(String message) {
    annotate("warning", message, Map.of());
  }

  /** An annotation ({@code error}, {@code warning}, {@code notice}) and its {@code ##[level]} line. */
  synchronized void annotate(String level, String message, Map<String, String> properties) {
    line(HEARTH, "##[" + level + "]" + message);
    Map<String, String> masked = new LinkedHashMap<>();
    properties.forEach((k, v) -> masked.put(k, masker.mask(v)));
    listener.on(new RunEvent.Annotation(runId, jobId, stepId, level, masker.mask(message), masked, clock.instant()));
  }
}
