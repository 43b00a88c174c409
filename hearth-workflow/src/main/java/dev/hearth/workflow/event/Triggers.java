package dev.hearth.workflow.event;

import dev.hearth.workflow.source.Position;
import java.util.List;

/** A workflow's {@code on:}. STUB: the event-selection work defines the real record. */
public record Triggers(List<String> eventNames, Position position) {}
