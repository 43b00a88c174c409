package dev.hearth.engine;

import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.parse.WorkflowParser;
import dev.hearth.workflow.plan.Planner;
import dev.hearth.workflow.plan.RunPlan;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plans for tests, from workflow text. */
final class Plans {
  private Plans() {}

  /** The plan of {@code yaml} for a push to main. */
  static RunPlan of(String yaml) {
    try {
      var workflow = new WorkflowParser().parse(".github/workflows/test.yml", yaml).orThrow();
      var payload = new ObjectMapper().readTree(
          "{\"ref\":\"refs/heads/main\",\"after\":\"" + "a".repeat(40) + "\","
              + "\"repository\":{\"full_name\":\"octo/hello\"},\"sender\":{\"login\":\"mona\"}}");
      return Planner.plan(workflow, Event.fromPayload("push", payload));
    } catch (Exception e) {
      throw new IllegalArgumentException("test workflow does not plan: " + e.getMessage(), e);
    }
  }

  /** A one-job workflow whose steps run {@code scripts}. */
  static RunPlan steps(String... scripts) {
    StringBuilder yaml = new StringBuilder("name: test\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n");
    for (String s : scripts) yaml.append("      - run: ").append(s).append('\n');
    return of(yaml.toString());
  }
}
