package dev.hearth.workflow.expr;

import java.util.Set;

/**
 * What an expression may name where it stands: the contexts (named values such as {@code github},
 * {@code matrix}) and the functions beyond the built-in ones (such as {@code hashFiles} or the
 * status functions, which GitHub allows only in some places). Names compare case-insensitively.
 *
 * <p>TODO(expressions helper): fill in the per-key scopes from GitHub's context availability table.
 */
public record ExpressionScope(Set<String> namedValues, Set<String> extraFunctions) {
  public ExpressionScope {
    namedValues = Set.copyOf(namedValues);
    extraFunctions = Set.copyOf(extraFunctions);
  }
}
