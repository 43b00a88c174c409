package dev.hearth.workflow.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.workflow.expr.EvaluationContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code plan/matrix-heavy.yml}: a realistic matrix job and a dynamic one that needs it. */
class RealisticMatrixTest {

  @Test
  void matrixWithExcludeAndIncludesPlansTwelveLegsWithItsOwnStrategy() throws Exception {
    PlannedJob test = PlanFixtures.plan("matrix-heavy.yml", "push").job("test").orElseThrow();
    List<JobLeg> legs = test.legs();
    // 3 os x 2 jdk x 2 db = 12, minus macos-14/postgres (2), plus two includes that match nothing
    assertThat(legs).hasSize(12);
    assertThat(legs.get(10).matrix().toString()).isEqualTo(
        "{\"os\":\"ubuntu-24.04\",\"jdk\":23,\"db\":\"sqlite\",\"experimental\":true}");
    assertThat(legs.get(11).matrix().toString())
        .isEqualTo("{\"os\":\"windows-latest\",\"jdk\":21,\"db\":\"sqlite\"}");
    assertThat(legs).extracting(JobLeg::strategy)
        .allMatch(s -> !s.failFast() && s.maxParallel() == 4 && s.jobTotal() == 12);
    // its name: holds expressions, so the executor names each leg; the fallback is the id
    assertThat(test.displayName()).isEqualTo("test");
    assertThat(legs.get(0).name()).isEqualTo("test (ubuntu-22.04, 17, postgres)");
  }

  @Test
  void dynamicMatrixFallsBackToItsDefaultWhenTheOutputIsEmpty() throws Exception {
    PlannedJob dynamic =
        PlanFixtures.plan("matrix-heavy.yml", "push").job("dynamic").orElseThrow();
    assertThat(dynamic.isDeferred()).isTrue();
    assertThat(dynamic.needs()).containsExactly("test");
    EvaluationContext context = EvaluationContext.fromJson(new ObjectMapper().readTree(
        "{\"needs\": {\"test\": {\"result\": \"success\", \"outputs\": {}}}}"));
    assertThat(dynamic.legs(TemplateEvaluator.of(context)))
        .extracting(JobLeg::name).containsExactly("dynamic (1)");
  }
}
