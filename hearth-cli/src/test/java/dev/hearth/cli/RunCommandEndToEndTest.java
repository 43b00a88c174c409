package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hearth's promise, counted from the {@code --json} event stream of real runs on the host
 * provider: one VM per workflow run, every step of the run in it, released when the run ends.
 */
@Timeout(120)
class RunCommandEndToEndTest {
  @TempDir Path tmp;
  private Repo repo;

  @BeforeEach
  void checkout() throws Exception {
    repo = Repo.init(tmp.resolve("repo"), "main");
  }

  private static String steps(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= n; i++) b.append("      - run: echo step-").append(i).append(" >> \"$RUNNER_TEMP/trace\"\n");
    b.append("      - run: test \"$(wc -l < \"$RUNNER_TEMP/trace\")\" -eq ").append(n).append(" && echo all-in-one-vm\n");
    return b.toString();
  }

  private static String workflow(String name, String steps) {
    return "name: " + name + "\non: push\njobs:\n  job:\n    runs-on: ubuntu-latest\n    steps:\n" + steps;
  }

  private EventStream run(String... extra) throws Exception {
    repo.commit();
    String[] args = new String[extra.length + 4];
    System.arraycopy(new String[] {"run", "-C", repo.dir().toString(), "--json"}, 0, args, 0, 4);
    System.arraycopy(extra, 0, args, 4, extra.length);
    CliRun run = CliRun.of(args);
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    return EventStream.parse(run.out());
  }

  /** Every step of the run reported under jobs that started on {@code vm}. */
  private static void assertStepsRanOn(EventStream events, String runId, String vm, int steps) {
    assertThat(events.ofRun(runId, "job.started")).extracting(j -> j.path("vm").asText()).containsOnly(vm);
    assertThat(events.ofRun(runId, "step.finished")).hasSizeGreaterThanOrEqualTo(steps)
        .allSatisfy(s -> assertThat(s.path("result").asText()).isEqualTo("success"));
  }

  @Test
  void oneWorkflowWithFiveStepsGetsOneVmForAllItsSteps() throws Exception {
    repo.workflow("ci.yml", workflow("five", steps(4)));
    EventStream events = run();
    assertThat(events.allocatedVms()).hasSize(1);
    assertStepsRanOn(events, events.runOf("ci.yml"), events.allocatedVms().get(0), 5);
    assertThat(events.logText()).contains("all-in-one-vm");
  }

  @Test
  void tenStepsAllRunOnOneVm() throws Exception {
    repo.workflow("ci.yml", workflow("ten", steps(9)));
    EventStream events = run();
    assertThat(events.allocatedVms()).hasSize(1);
    assertStepsRanOn(events, events.runOf("ci.yml"), events.allocatedVms().get(0), 10);
  }

  @Test
  void threeWorkflowsGetThreeVmsAndShareNoEnvironmentOrFiles() throws Exception {
    for (String w : List.of("a", "b", "c")) {
      repo.workflow(w + ".yml", workflow(w, String.join("\n",
          "      - run: |",
          "          echo \"MARK_%1$s=1\" >> \"$GITHUB_ENV\"",
          "          echo %1$s > \"$GITHUB_WORKSPACE/mark-%1$s\"",
          "          echo %1$s > \"$RUNNER_TEMP/mark-%1$s\"",
          "      - run: |",
          "          sleep 1",
          "          echo \"env-seen: $(env | grep '^MARK_' | sort | tr '\\n' ' ')\"",
          "          echo \"files-seen: $(ls \"$GITHUB_WORKSPACE\" \"$RUNNER_TEMP\" | grep '^mark-' | sort | tr '\\n' ' ')\"",
          "").formatted(w)));
    }
    EventStream events = run("--max-sessions", "3");
    assertThat(events.allocatedVms()).hasSize(3).doesNotHaveDuplicates();
    for (String w : List.of("a", "b", "c")) {
      String runId = events.runOf(w + ".yml");
      String vm = events.ofRun(runId, "vm.allocated").get(0).path("vm").asText();
      assertStepsRanOn(events, runId, vm, 2);
      List<String> lines = events.ofRun(runId, "log").stream().map(l -> l.path("text").asText()).toList();
      assertThat(lines).contains("env-seen: MARK_" + w + "=1 ", "files-seen: mark-" + w + " mark-" + w + " ");
    }
  }

  @Test
  void aVmIsReleasedWhenItsRunEndsAndTheNextRunGetsANewOne() throws Exception {
    repo.workflow("first.yml", workflow("first", "      - run: echo first\n"));
    repo.workflow("second.yml", workflow("second", "      - run: echo second\n"));
    EventStream events = run("--max-sessions", "1");
    List<String> order = events.events().stream()
        .filter(e -> Set.of("vm.allocated", "vm.released", "run.finished").contains(e.path("type").asText()))
        .map(e -> e.path("type").asText() + " " + e.path("run").asText() + " " + e.path("vm").asText(""))
        .toList();
    List<String> vms = events.allocatedVms();
    assertThat(vms).hasSize(2).doesNotHaveDuplicates();
    String r1 = events.ofType("vm.allocated").get(0).path("run").asText();
    String r2 = events.ofType("vm.allocated").get(1).path("run").asText();
    assertThat(order).containsExactly("vm.allocated " + r1 + " " + vms.get(0), "vm.released " + r1 + " " + vms.get(0),
        "run.finished " + r1 + " ", "vm.allocated " + r2 + " " + vms.get(1), "vm.released " + r2 + " " + vms.get(1),
        "run.finished " + r2 + " ");
  }

  @Test
  void withAWarmPoolEveryRunStillGetsAFreshVmOfItsOwn() throws Exception {
    for (int i = 1; i <= 3; i++) {
      repo.workflow("w" + i + ".yml", workflow("w" + i, "      - run: test ! -e \"$RUNNER_TEMP/mark\" && touch \"$RUNNER_TEMP/mark\"\n"));
    }
    EventStream events = run("--max-sessions", "1", "--pool", "1");
    assertThat(events.ofType("run.finished")).hasSize(3)
        .allSatisfy(r -> assertThat(r.path("result").asText()).isEqualTo("success"));
    assertThat(events.allocatedVms()).hasSize(3).doesNotHaveDuplicates();
    assertThat(events.texts("vm.released", "vm")).containsExactlyInAnyOrderElementsOf(events.allocatedVms());
  }

  @Test
  void maxSessionsTwoKeepsAtMostTwoVmsAliveAndRunsAllFour() throws Exception {
    for (int i = 1; i <= 4; i++) repo.workflow("w" + i + ".yml", workflow("w" + i, "      - run: sleep 1\n"));
    EventStream events = run("--max-sessions", "2");
    assertThat(events.maxAlive()).isEqualTo(2);
    assertThat(events.ofType("run.finished")).hasSize(4)
        .allSatisfy(r -> assertThat(r.path("result").asText()).isEqualTo("success"));
    Set<String> vms = new HashSet<>(events.allocatedVms());
    assertThat(vms).hasSize(4);
    assertThat(events.texts("vm.released", "vm")).containsExactlyInAnyOrderElementsOf(vms);
    IntStream.rangeClosed(1, 4).forEach(i -> assertThat(events.runOf("w" + i + ".yml")).isNotNull());
  }

  @Test
  void everyEventNamesItsRunWorkflowAndTimeAndStepsNameTheirJob() throws Exception {
    repo.workflow("ci.yml", workflow("one", "      - run: echo hi\n"));
    EventStream events = run();
    for (JsonNode e : events.events()) {
      assertThat(e.path("run").asText()).isNotEmpty();
      assertThat(e.path("workflow").asText()).endsWith("ci.yml");
      assertThat(java.time.Instant.parse(e.path("time").asText())).isNotNull();
    }
    assertThat(events.ofType("step.started")).allSatisfy(s -> assertThat(s.path("job").asText()).isEqualTo("job"));
    assertThat(events.events().get(0).path("type").asText()).isEqualTo("run.queued");
    assertThat(events.events().get(events.events().size() - 1).path("type").asText()).isEqualTo("run.finished");
  }

  @Test
  void jobScopeGivesEachJobItsOwnVm() throws Exception {
    repo.workflow("ci.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: echo a}]\n"
        + "  b:\n    needs: a\n    runs-on: x\n    steps: [{run: echo b}]\n");
    EventStream events = run("--scope", "job");
    assertThat(events.allocatedVms()).hasSize(2).doesNotHaveDuplicates();
    assertThat(events.texts("job.started", "vm")).containsExactlyElementsOf(events.allocatedVms());
    assertThat(events.texts("vm.allocated", "scope")).containsOnly("job");
  }
}
