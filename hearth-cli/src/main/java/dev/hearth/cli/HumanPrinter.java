package dev.hearth.cli;

import dev.hearth.engine.Conclusion;
import dev.hearth.engine.RunEvent;
import dev.hearth.engine.RunListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live output of {@code hearth run} for a person. Every line starts with {@code [workflow]} or
 * {@code [workflow / job]}, so runs and jobs that go side by side stay readable; a step's output is
 * indented under its start line. A {@code ::group::} shows as its title and folds its lines away,
 * unless the step fails: then the folded lines are printed after it, so a failure is never hidden.
 * Thread-safe.
 */
final class HumanPrinter implements RunListener {
  private static final String GROUP = "::group::";
  private static final String END_GROUP = "::endgroup::";
  /** The runner's own form of a group in the log, as GitHub's log files show it. */
  private static final String RUNNER_GROUP = "##[group]";
  private static final String RUNNER_END_GROUP = "##[endgroup]";

  /** What is known about one step while it runs. */
  private static final class StepState {
    final String name;
    boolean inGroup;
    /** Whether the step printed anything yet: its first group, {@code Run <command>}, is the command's header. */
    boolean sawOutput;
    final List<String> folded = new ArrayList<>();

    StepState(String name) {
      this.name = name;
    }
  }

  private final PrintWriter out;
  private final Style style;
  private final Map<String, String> workflowOfRun = new HashMap<>();
  private final Map<String, StepState> steps = new HashMap<>();

  HumanPrinter(PrintWriter out, Style style) {
    this.out = out;
    this.style = style;
  }

  @Override
  public synchronized void on(RunEvent event) {
    switch (event) {
      case RunEvent.RunQueued e -> queued(e);
      case RunEvent.VmAllocated e -> line(e.runId(), null, style.dim("vm " + e.vmId() + " allocated by " + e.provider()
          + " (" + e.scope() + " scope) in " + Style.duration(e.took())));
      case RunEvent.RunStarted e -> line(e.runId(), null, "run " + e.runId() + " started");
      case RunEvent.JobStarted e -> line(e.runId(), e.jobId(), style.bold("job " + e.jobId())
          + (e.vmId() == null ? "" : style.dim(" on " + e.vmId())));
      case RunEvent.StepStarted e -> stepStarted(e);
      case RunEvent.LogLine e -> log(e);
      case RunEvent.Annotation e -> annotation(e);
      case RunEvent.StepSummary e -> summary(e);
      case RunEvent.StepFinished e -> stepFinished(e);
      case RunEvent.JobFinished e -> line(e.runId(), e.jobId(), style.mark(e.result()) + " job " + e.jobId() + " "
          + style.result(e.result()) + style.dim(" in " + Style.duration(e.duration())));
      case RunEvent.VmReleased e -> line(e.runId(), null, style.dim("vm " + e.vmId() + " released in "
          + Style.duration(e.took())));
      case RunEvent.RunFinished e -> line(e.runId(), null, style.mark(e.result()) + " run " + style.result(e.result())
          + style.dim(" in " + Style.duration(e.duration())));
    }
    out.flush();
  }

  private void queued(RunEvent.RunQueued e) {
    String name = e.workflowName() == null || e.workflowName().isBlank()
        ? Path.of(e.workflowFile()).getFileName().toString() : e.workflowName();
    workflowOfRun.put(e.runId(), name);
    line(e.runId(), null, "queued " + Path.of(e.workflowFile()).getFileName() + " for " + e.event());
  }

  private void stepStarted(RunEvent.StepStarted e) {
    steps.put(key(e.runId(), e.jobId(), e.stepId()), new StepState(e.stepName()));
    line(e.runId(), e.jobId(), "  ▶ " + e.stepName());
  }

  private void log(RunEvent.LogLine e) {
    StepState step = steps.get(key(e.runId(), e.jobId(), e.stepId()));
    String text = e.text();
    String group = after(text, GROUP, RUNNER_GROUP);
    if (step != null && group != null) {
      step.inGroup = true;
      boolean header = !step.sawOutput && group.startsWith("Run ");
      if (!header) line(e.runId(), e.jobId(), "    " + style.bold("▸ " + group));
      step.sawOutput = true;
    } else if (step != null && after(text, END_GROUP, RUNNER_END_GROUP) != null) {
      step.inGroup = false;
    } else if (after(text, "##[error]", "##[warning]", "##[notice]", "##[debug]") != null) {
      // shown as its annotation event (debug lines as GitHub shows them: not at all)
    } else if (step != null && step.inGroup) {
      step.folded.add(text);
    } else {
      if (step != null) step.sawOutput = true;
      String shown = "stderr".equals(e.stream()) ? style.yellow(text) : text;
      line(e.runId(), e.jobId(), (step == null ? "  " : "    ") + shown);
    }
  }

  /** What follows the first of {@code prefixes} that {@code text} starts with; null when none does. */
  private static String after(String text, String... prefixes) {
    for (String p : prefixes) {
      if (text.startsWith(p)) return text.substring(p.length());
    }
    return null;
  }

  private void annotation(RunEvent.Annotation e) {
    String where = e.properties() == null || !e.properties().containsKey("file") ? ""
        : " (" + e.properties().get("file") + (e.properties().containsKey("line") ? ":" + e.properties().get("line") : "") + ")";
    String label = switch (e.level()) {
      case "error" -> style.red("error");
      case "warning" -> style.yellow("warning");
      default -> style.bold(e.level());
    };
    line(e.runId(), e.jobId(), "    " + label + ": " + e.message() + where);
  }

  private void summary(RunEvent.StepSummary e) {
    line(e.runId(), e.jobId(), "    " + style.bold("▤ step summary"));
    e.markdown().lines().forEach(l -> line(e.runId(), e.jobId(), "    │ " + l));
  }

  private void stepFinished(RunEvent.StepFinished e) {
    StepState step = steps.remove(key(e.runId(), e.jobId(), e.stepId()));
    String name = step == null ? e.stepId() : step.name;
    if (step != null && e.outcome() == Conclusion.FAILURE && !step.folded.isEmpty()) {
      line(e.runId(), e.jobId(), "    " + style.dim("(the folded group lines, shown because the step failed:)"));
      step.folded.forEach(l -> line(e.runId(), e.jobId(), "    " + l));
    }
    String result = style.result(e.outcome());
    if (e.outcome() != e.conclusion()) result += " (continue-on-error: " + style.result(e.conclusion()) + ")";
    line(e.runId(), e.jobId(), "  " + style.mark(e.conclusion()) + " " + name + " · " + result
        + style.dim(" · " + Style.duration(e.duration())));
  }

  private void line(String runId, String jobId, String text) {
    String workflow = workflowOfRun.getOrDefault(runId, runId);
    String prefix = jobId == null ? "[" + workflow + "] " : "[" + workflow + " / " + jobId + "] ";
    out.println(style.dim(prefix) + text);
  }

  private static String key(String run, String job, String step) {
    return run + "\u0000" + job + "\u0000" + step;
  }
}
