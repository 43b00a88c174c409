package dev.hearth.workflow.parse;

import dev.hearth.workflow.model.Workflow;
import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.source.WorkflowSyntaxException;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of parsing one workflow file: the workflow when the file is valid, otherwise every
 * error found in it, sorted by position.
 */
public record ParseResult(Workflow workflow, List<WorkflowError> errors) {
  public ParseResult {
    errors = errors.stream().distinct().sorted().toList();
    if (!errors.isEmpty()) workflow = null;
  }

  public boolean isValid() {
    return errors.isEmpty();
  }

  public Optional<Workflow> workflowIfValid() {
    return Optional.ofNullable(workflow);
  }

  /** The workflow, or a {@link WorkflowSyntaxException} carrying every error. */
  public Workflow orThrow() throws WorkflowSyntaxException {
    if (!isValid()) throw new WorkflowSyntaxException(errors);
    return workflow;
  }
}
