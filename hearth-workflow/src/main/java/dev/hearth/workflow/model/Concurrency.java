package dev.hearth.workflow.model;

import dev.hearth.workflow.source.Position;

/**
 * A {@code concurrency} setting: the group (possibly an expression) and whether a new run cancels
 * the one in progress. The short form {@code concurrency: name} has {@code cancelInProgress}
 * literal false.
 */
public record Concurrency(Value group, BoolValue cancelInProgress, Position position) {}
