package dev.hearth.server.queue;

import dev.hearth.server.store.PlannedRun;
import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.event.EventSelector;
import dev.hearth.workflow.event.Selection;
import dev.hearth.workflow.model.Workflow;
import dev.hearth.workflow.parse.ParseResult;
import dev.hearth.workflow.parse.WorkflowParser;
import dev.hearth.workflow.source.Position;
import dev.hearth.workflow.source.WorkflowError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The workflows of a checked-out commit ({@code .github/workflows/*.yml|yaml}): parsed with the
 * workflow module's parser and selected for an event by its {@link EventSelector}, as GitHub does.
 */
final class CommitWorkflows {
  /** What an event selects in a commit: the runs to queue, and one line per workflow not selected or invalid. */
  record Selected(List<PlannedRun> runs, List<String> notSelected) {}

  private static final WorkflowParser PARSER = new WorkflowParser();
  /** Past the parser's size limit even at four bytes a character: a huge file is refused unread. */
  private static final int MAX_BYTES = WorkflowParser.GITHUB_LIMITS.maxFileSize() * 4 + 1;

  private CommitWorkflows() {}

  static Selected select(Path checkout, Event event) throws IOException {
    return select(checkout, event, null, null, "0");
  }

  /**
   * The runs {@code event} selects, each with its workflow's {@code concurrency:} group evaluated
   * ({@link ConcurrencyGroup}); a workflow whose group cannot be evaluated is reported not selected.
   */
  static Selected select(Path checkout, Event event, String repository, String sha, String deliveryId) throws IOException {
    List<PlannedRun> runs = new ArrayList<>();
    List<String> notSelected = new ArrayList<>();
    for (String file : files(checkout)) {
      ParseResult parsed = parse(checkout, file);
      if (!parsed.isValid()) {
        notSelected.add(file + ": invalid: " + parsed.errors().getFirst().render());
        continue;
      }
      Workflow workflow = parsed.workflow();
      Selection selection = workflow.on() == null ? Selection.skipped("the workflow has no 'on:'")
          : EventSelector.select(workflow.on(), event, file);
      if (!selection.selected()) {
        notSelected.add(file + ": " + selection.reason());
        continue;
      }
      try {
        ConcurrencyGroup.Resolved group = ConcurrencyGroup.of(workflow, event, repository, sha, deliveryId + "/" + file);
        runs.add(new PlannedRun(file, workflow.name() == null ? file : workflow.name().text(),
            group == null ? null : group.group(), group != null && group.cancelInProgress()));
      } catch (ConcurrencyGroup.Invalid e) {
        notSelected.add(file + ": invalid: " + e.getMessage());
      }
    }
    return new Selected(runs, notSelected);
  }

  /** The workflow files' paths from the repository root, sorted. */
  static List<String> files(Path checkout) throws IOException {
    Path dir = checkout.resolve(".github/workflows");
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml")).sorted().map(n -> ".github/workflows/" + n).toList();
    }
  }

  /** Parses {@code file} (relative to {@code checkout}); a file that cannot be read is one error naming it. */
  static ParseResult parse(Path checkout, String file) {
    try (InputStream in = Files.newInputStream(checkout.resolve(file))) {
      return PARSER.parse(file, in.readNBytes(MAX_BYTES));
    } catch (IOException e) {
      return new ParseResult(null, List.of(new WorkflowError(Position.ofFile(file), "cannot read the file: " + e.getMessage())));
    }
  }
}
