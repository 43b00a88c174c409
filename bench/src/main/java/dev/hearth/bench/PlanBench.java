package dev.hearth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.workflow.plan.JobGraph;
import dev.hearth.workflow.plan.Matrix;
import dev.hearth.workflow.plan.MatrixCombination;
import dev.hearth.workflow.plan.MatrixExpander;
import dev.hearth.workflow.plan.YamlJson;
import dev.hearth.workflow.yaml.YamlLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Loads and plans one generated workflow of {@value #JOBS} jobs and {@value #STEPS_PER_JOB} steps
 * each (10,000 steps): jobs form needs chains of ten, every fifth job fans in from two earlier
 * ones, and every tenth job has a 3x4 matrix with include and exclude. Target: at most 200 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PlanBench {
  static final int JOBS = 1_000;
  static final int STEPS_PER_JOB = 10;

  private String yaml;
  private YamlLoader loader;

  @Setup
  public void generate() {
    yaml = generateWorkflow(JOBS, STEPS_PER_JOB);
    loader = new YamlLoader();
  }

  @Benchmark
  public int loadAndPlan() throws Exception {
    JsonNode workflow = YamlJson.of(loader.load("bench.yml", yaml));
    List<String> ids = new ArrayList<>();
    Map<String, List<String>> needs = new LinkedHashMap<>();
    int legs = 0;
    for (Map.Entry<String, JsonNode> job : workflow.get("jobs").properties()) {
      ids.add(job.getKey());
      JsonNode need = job.getValue().get("needs");
      List<String> list = new ArrayList<>();
      if (need != null && need.isTextual()) list.add(need.asText());
      if (need != null && need.isArray()) need.forEach(n -> list.add(n.asText()));
      needs.put(job.getKey(), list);
      JsonNode strategy = job.getValue().get("strategy");
      List<MatrixCombination> expanded = strategy == null ? List.of(MatrixCombination.empty())
          : MatrixExpander.expand(Matrix.fromJson(strategy.get("matrix")));
      legs += expanded.size();
    }
    return legs + JobGraph.of(ids, needs).topologicalOrder().size();
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
