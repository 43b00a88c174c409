package dev.hearth.workflow.action;

import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.source.WorkflowSyntaxException;
import java.util.List;

/** The outcome of parsing one action file: the action when valid, otherwise every error, sorted by position. */
public record ActionParseResult(Action action, List<WorkflowError> errors) {
  public ActionParseResult {
    errors = errors.stream().distinct().sorted().toList();
    if (!errors.isEmpty()) action = null;
  }

  public boolean isValid() {
    return errors.isEmpty();
  }

  /** The action, or a {@link WorkflowSyntaxException} carrying every error. */
  public Action orThrow() throws WorkflowSyntaxException {
    if (!isValid()) throw new WorkflowSyntaxException(errors);
    return action;
  }
}
