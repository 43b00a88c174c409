package dev.hearth.workflow.action;

import dev.hearth.workflow.model.Value;

/** One of an action's {@code outputs}; {@code value} (composite actions only) is an expression, else null. */
public record ActionOutput(String id, Value description, Value value) {}
