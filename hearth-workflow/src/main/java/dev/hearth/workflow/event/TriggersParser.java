package dev.hearth.workflow.event;

import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.yaml.YamlNode;
import java.util.List;

/** Reads {@code on:}. STUB: the event-selection work fills it in; the workflow parser calls this. */
public final class TriggersParser {
  private TriggersParser() {}

  /** Parses the value of {@code on:}, adding every problem to {@code errors}; never throws. */
  public static Triggers parse(YamlNode on, List<WorkflowError> errors) {
    return new Triggers(List.of(), on.position());
  }
}
