package dev.hearth.workflow.model;

import dev.hearth.workflow.source.Position;

/**
 * A job's {@code strategy}. {@code matrix} is null when absent; {@code failFast} defaults to
 * literal true; {@code maxParallel} is null when unlimited.
 */
public record Strategy(Matrix matrix, BoolValue failFast, NumberValue maxParallel, Position position) {}
