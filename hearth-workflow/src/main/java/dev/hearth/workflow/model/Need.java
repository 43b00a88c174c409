package dev.hearth.workflow.model;

import dev.hearth.workflow.source.Position;

/** One job named in {@code needs}, where it is named. */
public record Need(String jobId, Position position) {}
