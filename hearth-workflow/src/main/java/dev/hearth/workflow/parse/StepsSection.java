package dev.hearth.workflow.parse;

import dev.hearth.workflow.model.Step;
import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.yaml.YamlNode;
import java.util.List;

/**
 * The {@code steps} parser of workflows, for other files that hold steps (a composite action's
 * {@code runs.steps}): the same keys, ids and messages as a job's steps.
 */
public final class StepsSection {
  private StepsSection() {}

  /** The steps of {@code node} (a sequence), adding every problem to {@code errors}. */
  public static List<Step> parse(YamlNode node, List<WorkflowError> errors) {
    Reader r = new Reader();
    List<Step> steps = new StepParser(r).parse(node);
    errors.addAll(r.errors);
    return steps;
  }
}
