package dev.hearth.cli;

import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.model.Workflow;
import dev.hearth.workflow.parse.ParseResult;
import dev.hearth.workflow.parse.WorkflowParser;
import dev.hearth.workflow.plan.Planner;
import dev.hearth.workflow.source.Position;
import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.source.WorkflowSyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads and checks workflow files for the commands. */
final class Workflows {
  private static final WorkflowParser PARSER = new WorkflowParser();

  private Workflows() {}

  /**
   * The most bytes read of one file: past the parser's size limit even at four bytes a character,
   * so a huge file is refused by its size without being read into memory whole.
   */
  private static final int MAX_BYTES = WorkflowParser.GITHUB_LIMITS.maxFileSize() * 4 + 1;

  /** Parses {@code file}; a file that cannot be read is one error naming it. */
  static ParseResult parse(Path file) {
    String name = file.toString();
    try (InputStream in = Files.newInputStream(file)) {
      return PARSER.parse(name, in.readNBytes(MAX_BYTES));
    } catch (IOException e) {
      return new ParseResult(null, List.of(new WorkflowError(Position.ofFile(name),
          "cannot read the file: " + e.getMessage())));
    }
  }

  /**
   * Every error of {@code file}: the parser's, and for a valid file those of planning its written-out
   * matrices (a matrix past 256 jobs, an exclude naming no vector).
   */
  static List<WorkflowError> check(Path file) {
    ParseResult result = parse(file);
    if (!result.isValid()) return result.errors();
    Workflow workflow = result.workflow();
    try {
      Planner.plan(workflow, Event.named("validate"));
      return List.of();
    } catch (WorkflowSyntaxException e) {
      return e.errors();
    }
  }
}
