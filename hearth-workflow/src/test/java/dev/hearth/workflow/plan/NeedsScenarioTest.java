package dev.hearth.workflow.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shared {@code needs} scenarios (copied under {@code plan/}), as the planner sees them. */
class NeedsScenarioTest {

  @Test
  void failurePropagatesAlongTransitiveNeedsWhileTheNeedsContextStaysDirect() throws Exception {
    RunPlan plan = PlanFixtures.plan("job-failure-propagation/.github/workflows/ci.yml", "push");
    assertThat(plan.jobs()).extracting(PlannedJob::id).containsExactly("a", "b", "c", "d");
    PlannedJob d = plan.job("d").orElseThrow();
    assertThat(d.needs()).containsExactly("b");
    assertThat(d.transitiveNeeds()).containsExactly("a", "b");
    // when a fails, everything downstream of it is decided by its own if: b (skipped), c, d
    assertThat(plan.graph().transitiveDependents("a")).containsExactly("b", "c", "d");
    assertThat(plan.graph().ready(Set.of("a"))).containsExactly("b", "c");
  }

  @Test
  void jobNeedingTwoJobsSeesBothInItsNeedsContext() throws Exception {
    RunPlan plan = PlanFixtures.plan("needs-outputs/.github/workflows/ci.yml", "push");
    PlannedJob c = plan.job("c").orElseThrow();
    assertThat(c.needs()).containsExactly("a", "b");
    assertThat(c.transitiveNeeds()).containsExactly("a", "b");
    assertThat(plan.graph().ready(Set.of("a"))).containsExactly("b");
    assertThat(plan.graph().ready(Set.of("a", "b"))).containsExactly("c");
  }
}
