package dev.hearth.bench;

import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.model.Workflow;
import dev.hearth.workflow.parse.WorkflowParser;
import dev.hearth.workflow.plan.Planner;
import dev.hearth.workflow.plan.RunPlan;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parses and plans one generated workflow of {@value #JOBS} jobs with {@value #STEPS_PER_JOB}
 * steps each (10,000 steps): the jobs form needs chains of ten, every 50th job also joins the
 * previous chain, and the last job of each chain has a 3 x 4 matrix with exclude and include.
 * Target: at most 200 ms per parse and plan, warm.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PlanBench {
  static final int JOBS = 1_000;
  static final int STEPS_PER_JOB = 10;
  /** 900 plain jobs, and 100 matrix jobs of 3 x 4 - 1 excluded = 11 legs each. */
  static final int EXPECTED_LEGS = 900 + 100 * 11;

  private static final Event PUSH = Event.named("push");

  private byte[] yaml;
  private WorkflowParser parser;
  private Workflow parsed;

  @Setup
  public void generate() throws Exception {
    yaml = generateWorkflow(JOBS, STEPS_PER_JOB).getBytes(StandardCharsets.UTF_8);
    parser = new WorkflowParser();
    parsed = parser.parse("bench.yml", yaml).orThrow();
    RunPlan plan = Planner.plan(parsed, PUSH);
    if (plan.jobs().size() != JOBS || plan.knownLegs() != EXPECTED_LEGS) {
      throw new IllegalStateException("generated workflow planned to " + plan.jobs().size()
          + " jobs and " + plan.knownLegs() + " legs");
    }
  }

  /** Parse (YAML with positions, validation) and plan: what a push costs before any VM. */
  @Benchmark
  public RunPlan parseAndPlan() throws Exception {
    return Planner.plan(parser.parse("bench.yml", yaml).orThrow(), PUSH);
  }

  /** Planning alone: the job graph, transitive needs and matrix expansion. */
  @Benchmark
  public RunPlan planOnly() throws Exception {
    return Planner.plan(parsed, PUSH);
  }

  /** The generated workflow's YAML text. */
  static String generateWorkflow(int jobs, int stepsPerJob) {
    StringBuilder b = new StringBuilder(jobs * stepsPerJob * 80);
    b.append("name: generated\non: push\njobs:\n");
    for (int j = 0; j < jobs; j++) {
      b.append("  job").append(j).append(":\n");
      b.append("    runs-on: ubuntu-latest\n");
      appendNeeds(b, j);
      if (j % 10 == 9) appendMatrix(b);
      b.append("    steps:\n");
      for (int s = 0; s < stepsPerJob; s++) {
        b.append("      - name: step ").append(s).append('\n');
        b.append("        run: echo \"job ").append(j).append(" step ").append(s)
            .append(" ${{ github.sha }}\"\n");
      }
    }
    return b.toString();
  }

  private static void appendNeeds(StringBuilder b, int j) {
    if (j % 10 == 0) {
      if (j >= 20 && j % 50 == 0) {
        b.append("    needs: [job").append(j - 1).append(", job").append(j - 11).append("]\n");
      }
      return;
    }
    b.append("    needs: job").append(j - 1).append('\n');
  }

  private static void appendMatrix(StringBuilder b) {
    b.append("""
            strategy:
              matrix:
                os: [ubuntu-latest, windows-latest, macos-latest]
                node: [16, 18, 20, 22]
                exclude:
                  - os: macos-latest
                    node: 16
                include:
                  - os: ubuntu-latest
                    experimental: true
        """);
  }
}
