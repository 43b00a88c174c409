package dev.hearth.workflow.source;

/** One problem found in a source file, with where it is and a message a person can act on. */
public record WorkflowError(Position position, String message) implements Comparable<WorkflowError> {

  /** {@code file:line:column: message}, the form editors and CI logs understand. */
  public String render() {
    return position + ": " + message;
  }

  @Override
  public int compareTo(WorkflowError o) {
    int c = Integer.compare(position.line(), o.position.line());
    if (c != 0) return c;
    c = Integer.compare(position.column(), o.position.column());
    return c != 0 ? c : message.compareTo(o.message);
  }

  @Override
  public String toString() {
    return render();
  }
}
