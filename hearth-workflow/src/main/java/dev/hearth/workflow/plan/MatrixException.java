package dev.hearth.workflow.plan;

/**
 * A {@code strategy.matrix} that cannot be expanded: a malformed matrix (a vector that is not a
 * list or has no values, an {@code include} or {@code exclude} entry that is not a mapping, an
 * {@code exclude} key that names no vector) or one that produces too many jobs. The message says
 * which part is wrong and what was expected; the planner adds the position.
 */
public final class MatrixException extends Exception {
  private static final long serialVersionUID = 1L;

  public MatrixException(String message) {
    super(message);
  }
}
