package dev.hearth.workflow.action;

import dev.hearth.workflow.model.Step;
import dev.hearth.workflow.model.Value;
import java.util.List;

/** An action's {@code runs}: how it runs, one record per kind of action. */
public sealed interface ActionRuns {
  /** {@code using}, as written. */
  String using();

  /** {@code using: composite}: steps run in the caller's job, each {@code run} step with its {@code shell}. */
  record Composite(List<Step> steps) implements ActionRuns {
    public Composite {
      steps = List.copyOf(steps);
    }

    @Override
    public String using() {
      return "composite";
    }
  }

  /**
   * {@code using: node20} (or node24, node16, node12): scripts run by node, relative to the action's
   * directory. {@code pre}/{@code post} and their conditions are null when absent.
   */
  record Node(String using, Value main, Value pre, Value preIf, Value post, Value postIf) implements ActionRuns {
    /** True for the node versions GitHub still runs as written (node20, node24). */
    public boolean isCurrent() {
      return using.equals("node20") || using.equals("node24");
    }
  }

  /** {@code using: docker}: recognised, never run by Hearth without a container engine. */
  record Docker(Value image) implements ActionRuns {
    @Override
    public String using() {
      return "docker";
    }
  }
}
