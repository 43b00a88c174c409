package dev.hearth.cli;

import dev.hearth.workflow.source.Position;
import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.source.WorkflowSyntaxException;
import dev.hearth.workflow.yaml.YamlLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads workflow files for the commands. TEMPORARY: YAML only until the workflow parser lands. */
final class Workflows {
  private Workflows() {}

  static List<WorkflowError> check(Path file) {
    String name = file.toString();
    try {
      new YamlLoader().load(name, Files.readAllBytes(file));
      return List.of();
    } catch (WorkflowSyntaxException e) {
      return e.errors();
    } catch (IOException e) {
      return List.of(new WorkflowError(Position.ofFile(name), "cannot read the file: " + e.getMessage()));
    }
  }
}
