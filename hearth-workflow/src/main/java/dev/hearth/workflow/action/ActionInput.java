package dev.hearth.workflow.action;

import dev.hearth.workflow.model.Value;
import dev.hearth.workflow.source.Position;

/**
 * One of an action's {@code inputs}. {@code defaultValue} may hold expressions (such as
 * {@code ${{ github.token }}}), evaluated when the action runs; null when the input has none.
 */
public record ActionInput(String id, Value description, boolean required, Value defaultValue,
    Value deprecationMessage, Position position) {}
