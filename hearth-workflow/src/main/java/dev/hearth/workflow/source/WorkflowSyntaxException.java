package dev.hearth.workflow.source;

import java.util.List;

/** A source file that cannot be understood; carries every error found, not just the first. */
public final class WorkflowSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;
  private final List<WorkflowError> errors;

  public WorkflowSyntaxException(List<WorkflowError> errors) {
    super(errors.isEmpty() ? "invalid workflow" : render(errors));
    this.errors = List.copyOf(errors);
  }

  public WorkflowSyntaxException(WorkflowError error) {
    this(List.of(error));
  }

  public List<WorkflowError> errors() {
    return errors;
  }

  private static String render(List<WorkflowError> errors) {
    StringBuilder b = new StringBuilder();
    for (WorkflowError e : errors) {
      if (!b.isEmpty()) b.append('\n');
      b.append(e.render());
    }
    return b.toString();
  }
}
