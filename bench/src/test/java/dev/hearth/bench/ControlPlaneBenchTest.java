package dev.hearth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.engine.Conclusion;
import dev.hearth.engine.RunRequest;
import dev.hearth.engine.RunResult;
import dev.hearth.engine.SessionManager;
import dev.hearth.engine.WorkflowExecutor;
import dev.hearth.testing.TestVmProvider;
import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.parse.WorkflowParser;
import dev.hearth.workflow.plan.Planner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ControlPlaneBenchTest {

  /** The benchmark's VMs answer as the real launcher does, so the engine copies nothing back for a step that wrote nothing. */
  @Test
  @Timeout(60)
  void scriptedStepsReportTheirFileCommandsSoTheEngineCopiesNothingOut() throws Exception {
    try (TestVmProvider provider = TestVmProvider.scripted(ControlPlaneBench.LAUNCHER)) {
      WorkflowExecutor executor = new WorkflowExecutor(new SessionManager(provider, 1, Clock.systemUTC()));
      String yaml = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo one\n"
          + "      - run: echo two\n";
      var plan = Planner.plan(new WorkflowParser().parse("ci.yml", yaml.getBytes(StandardCharsets.UTF_8)).orThrow(),
          Event.named("push"));

      RunResult result = executor.run(RunRequest.builder("cp-1", plan).build());

      assertThat(result.result()).isEqualTo(Conclusion.SUCCESS);
      String vm = provider.vmIds().get(0);
      assertThat(provider.execs(vm)).hasSize(4); // setup, two steps, cleanup
      assertThat(provider.copies(vm)).isEmpty();
    }
  }

  @Test
  @Timeout(60)
  void aBatchOfRunsAllSucceed() throws Exception {
    ControlPlaneBench bench = new ControlPlaneBench();
    bench.setUp();
    try {
      assertThat(bench.runs()).isEqualTo(ControlPlaneBench.BATCH);
    } finally {
      bench.tearDown();
    }
  }

  @Test
  @Timeout(60)
  void runsPerCpuSecondIsMeasuredInEachWindow() throws Exception {
    double[] perCpuSecond = ControlPlaneBench.runsPerCpuSecond(2, Duration.ofMillis(200));

    assertThat(perCpuSecond).hasSize(2);
    for (double v : perCpuSecond) assertThat(v).isPositive();
  }
}
