package dev.hearth.workflow.model;

import dev.hearth.workflow.source.Position;

/** A job's deployment {@code environment}: its name and optional URL (both may be expressions). */
public record Environment(Value name, Value url, Position position) {}
