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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads and checks workflow files for the commands. */
final class Workflows {
  private static final WorkflowParser PARSER = new WorkflowParser();

  private Workflows() {}

  /** Parses {@code file}; a file that cannot be read is one error naming it. */
  static ParseResult parse(Path file) {
    String name = file.toString();
    try {
      return PARSER.parse(name, Files.readAllBytes(file));
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
