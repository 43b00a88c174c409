package dev.hearth.cli;

import dev.hearth.engine.Conclusion;
import dev.hearth.engine.RunEvent;
import dev.hearth.engine.RunListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects how each run and job ended, for the table after a run and for the exit status.
 * Thread-safe.
 */
final class RunSummary implements RunListener {
  private static final class RunRow {
    String file;
    String name;
    final Set<String> vms = new LinkedHashSet<>();
    Conclusion result;
    Duration duration;
    final Map<String, JobRow> jobs = new LinkedHashMap<>();
  }

  private record JobRow(String vm, Conclusion result, Duration duration) {}

  private final Map<String, RunRow> runs = new LinkedHashMap<>();

  @Override
  public synchronized void on(RunEvent event) {
    RunRow run = runs.computeIfAbsent(event.runId(), id -> new RunRow());
    switch (event) {
      case RunEvent.RunQueued e -> {
        run.file = e.workflowFile();
        run.name = e.workflowName();
      }
      case RunEvent.RunStarted e -> run.file = run.file == null ? e.workflowFile() : run.file;
      case RunEvent.VmAllocated e -> run.vms.add(e.vmId());
      case RunEvent.JobStarted e -> run.jobs.put(e.jobId(), new JobRow(e.vmId(), null, null));
      case RunEvent.JobFinished e -> {
        JobRow started = run.jobs.get(e.jobId());
        run.jobs.put(e.jobId(), new JobRow(started == null ? null : started.vm(), e.result(), e.duration()));
      }
      case RunEvent.RunFinished e -> {
        run.result = e.result();
        run.duration = e.duration();
        if (run.file == null) run.file = e.workflowFile();
      }
      default -> { }
    }
  }

  /** 0 when every run succeeded, 1 when any failed, was cancelled or never finished. */
  synchronized int exitCode() {
    return runs.values().stream().allMatch(r -> r.result == Conclusion.SUCCESS) ? 0 : 1;
  }

  synchronized boolean isEmpty() {
    return runs.isEmpty();
  }

  /** The result of the run of {@code workflowFile} (matched by its file name), or null. */
  synchronized Conclusion resultOf(String fileName) {
    return runs.values().stream().filter(r -> r.file != null && Path.of(r.file).getFileName().toString().equals(fileName))
        .map(r -> r.result).findFirst().orElse(null);
  }

  /** The table: a row per run (job "-"), then a row per job of it. */
  synchronized void print(PrintWriter out, Style style) {
    Table table = new Table("WORKFLOW", "JOB", "RESULT", "DURATION", "VM");
    List<String[]> colours = new ArrayList<>();
    for (RunRow run : runs.values()) {
      String workflow = run.name != null && !run.name.isBlank() ? run.name + " (" + fileName(run.file) + ")" : fileName(run.file);
      table.row(workflow, "-", name(run.result), duration(run.duration), String.join(", ", run.vms));
      run.jobs.forEach((id, job) ->
          table.row("", id, name(job.result()), duration(job.duration()), job.vm() == null ? "-" : job.vm()));
    }
    table.print(out, cell -> colour(cell, style));
  }

  private static String colour(String cell, Style style) {
    for (Conclusion c : Conclusion.values()) {
      if (cell.strip().equals(c.githubName())) return cell.replace(c.githubName(), style.result(c));
    }
    if (cell.strip().equals("unfinished")) return cell.replace("unfinished", style.red("unfinished"));
    return cell;
  }

  private static String name(Conclusion c) {
    return c == null ? "unfinished" : c.githubName();
  }

  private static String duration(Duration d) {
    return d == null ? "-" : Style.duration(d);
  }

  private static String fileName(String file) {
    return file == null ? "?" : Path.of(file).getFileName().toString();
  }
}
