package dev.hearth.cli;

import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.event.EventSelector;
import dev.hearth.workflow.event.Selection;
import dev.hearth.workflow.model.Workflow;
import dev.hearth.workflow.parse.ParseResult;
import dev.hearth.workflow.plan.MatrixSource;
import dev.hearth.workflow.plan.PlannedJob;
import dev.hearth.workflow.plan.Planner;
import dev.hearth.workflow.plan.RunPlan;
import dev.hearth.workflow.source.WorkflowSyntaxException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hearth list}: the workflows and jobs an event selects, as a table. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the workflows and jobs of a repository checkout, with their needs and matrix size.",
      "With EVENT, lists only the workflows that event selects (branch, tag, path and type filters);",
      "the payload comes from -e FILE, or is made from the checkout's current branch.",
      "Exit status: 0, or 2 when a workflow file is invalid."
    })
final class ListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "EVENT", description = "An event name: push, pull_request, …")
  String eventName;

  @Option(names = "-C", paramLabel = "DIR", description = "The repository checkout (default: .).")
  Path dir = Path.of(".");

  @Option(names = "-W", paramLabel = "PATH", description = "A workflow file or directory (default: DIR/.github/workflows).")
  Path workflows;

  @Option(names = {"-e", "--event-file"}, paramLabel = "FILE", description = "The event's payload as GitHub sends it.")
  Path eventFile;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // a missing path throws NoSuchFileException: ErrorHandler prints "hearth list: PATH: no such file or directory", exit 2
    List<Path> files = WorkflowFiles.of(dir, workflows);
    if (files.isEmpty()) {
      err.println("hearth list: no workflow files in " + (workflows != null ? workflows : dir.resolve(".github/workflows")));
      return 2;
    }
    Event event;
    try {
      event = eventName == null ? null : event();
    } catch (IllegalArgumentException e) {
      err.println("hearth list: " + e.getMessage());
      return 2;
    }
    Table table = new Table("WORKFLOW", "JOB", "NAME", "NEEDS", "MATRIX");
    boolean invalid = false;
    List<String> skipped = new ArrayList<>();
    for (Path file : files) {
      ParseResult result = Workflows.parse(file);
      if (!result.isValid()) {
        result.errors().forEach(e -> err.println(e.render()));
        invalid = true;
        continue;
      }
      Workflow workflow = result.workflow();
      if (event != null) {
        Selection selection = EventSelector.select(workflow.on(), event, file.getFileName().toString());
        if (!selection.selected()) {
          skipped.add(file + ": " + selection.reason());
          continue;
        }
      }
      try {
        RunPlan plan = Planner.plan(workflow, event == null ? Event.named("list") : event);
        for (PlannedJob job : plan.jobs()) {
          table.row(file.toString(), job.id(), job.displayName(), String.join(", ", job.needs()), matrix(job));
        }
      } catch (WorkflowSyntaxException e) {
        e.errors().forEach(x -> err.println(x.render()));
        invalid = true;
      }
    }
    table.print(out);
    if (!skipped.isEmpty()) {
      out.println();
      out.println("Not selected by " + eventName + ":");
      skipped.forEach(s -> out.println("  " + s));
    }
    return invalid ? 2 : 0;
  }

  private static String matrix(PlannedJob job) {
    if (job.isDeferred()) return "at run time";
    if (job.matrix() instanceof MatrixSource.None) return "-";
    return job.legs().size() + (job.legs().size() == 1 ? " leg" : " legs");
  }

  private Event event() throws IOException {
    return EventSource.load(eventName, eventFile, dir, java.util.Map.of());
  }
}
