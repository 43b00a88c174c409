package dev.hearth.workflow.model;

import dev.hearth.workflow.source.Position;

/**
 * A string as written in the workflow, possibly holding {@code ${{ }}} expressions that are
 * evaluated later; non-string scalars (numbers, booleans) are kept as their text.
 */
public record Value(String text, Position position) {

  /** True when the text holds at least one {@code ${{}. */
  public boolean hasExpressions() {
    return text.contains("${{");
  }
}
