package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.engine.Conclusion;
import dev.hearth.engine.RunEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The human and JSON printers, fed a run's events by hand. */
class EventPrintersTest {
  private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

  private static List<RunEvent> run(Conclusion stepResult) {
    return List.of(
        new RunEvent.RunQueued("1", ".github/workflows/ci.yml", "CI", "push", T),
        new RunEvent.VmAllocated("1", "host-1", "host", "workflow", Duration.ofMillis(3), T),
        new RunEvent.RunStarted("1", ".github/workflows/ci.yml", T),
        new RunEvent.JobStarted("1", "build", "build", "host-1", T),
        new RunEvent.StepStarted("1", "build", "s1", "Install", T),
        new RunEvent.LogLine("1", "build", "s1", "stdout", "before", T),
        new RunEvent.LogLine("1", "build", "s1", "stdout", "::group::Dependencies", T),
        new RunEvent.LogLine("1", "build", "s1", "stdout", "hidden detail", T),
        new RunEvent.LogLine("1", "build", "s1", "stdout", "::endgroup::", T),
        new RunEvent.LogLine("1", "build", "s1", "stdout", "after", T),
        new RunEvent.Annotation("1", "build", "s1", "warning", "careful", Map.of("file", "a.txt", "line", "3"), T),
        new RunEvent.StepFinished("1", "build", "s1", stepResult, stepResult, Duration.ofMillis(12), T),
        new RunEvent.JobFinished("1", "build", stepResult, Map.of("k", "v"), Duration.ofMillis(20), T),
        new RunEvent.VmReleased("1", "host-1", Duration.ofMillis(1), T),
        new RunEvent.RunFinished("1", ".github/workflows/ci.yml", stepResult, Duration.ofMillis(30), T));
  }

  private static String human(List<RunEvent> events) {
    StringWriter text = new StringWriter();
    HumanPrinter printer = new HumanPrinter(new PrintWriter(text), Style.PLAIN);
    events.forEach(printer::on);
    return text.toString();
  }

  @Test
  void humanOutputIndentsStepOutputUnderItsJobAndFoldsGroups() {
    String text = human(run(Conclusion.SUCCESS));
    assertThat(text).contains("[CI / build]   ▶ Install\n", "[CI / build]     before\n",
        "[CI / build]     ▸ Dependencies\n", "[CI / build]     after\n", "[CI / build]   ✓ Install · success · 12ms\n",
        "[CI / build]     warning: careful (a.txt:3)\n", "[CI] ✓ run success in 30ms\n");
    assertThat(text).doesNotContain("hidden detail", "::group::", "\u001b[");
  }

  @Test
  void aJobWithoutItsOwnVmSaysNoVm() {
    String text = human(List.of(new RunEvent.RunQueued("1", ".github/workflows/ci.yml", "CI", "push", T),
        new RunEvent.JobStarted("1", "call", "call", null, T)));
    assertThat(text).contains("[CI / call] job call\n").doesNotContain("null");
  }

  @Test
  void aFailedStepShowsItsFoldedLines() {
    assertThat(human(run(Conclusion.FAILURE))).contains("hidden detail", "✗ Install · failure");
  }

  @Test
  void jsonHasOneObjectPerEventWithTypeIdsWorkflowAndIsoTime() throws Exception {
    StringWriter text = new StringWriter();
    JsonEventPrinter printer = new JsonEventPrinter(new PrintWriter(text));
    run(Conclusion.FAILURE).forEach(printer::on);
    List<JsonNode> lines = text.toString().lines().map(EventPrintersTest::parse).toList();
    assertThat(lines).extracting(l -> l.get("type").asText()).containsExactly("run.queued", "vm.allocated",
        "run.started", "job.started", "step.started", "log", "log", "log", "log", "log", "annotation",
        "step.finished", "job.finished", "vm.released", "run.finished");
    assertThat(lines).allSatisfy(l -> {
      assertThat(l.get("run").asText()).isEqualTo("1");
      assertThat(l.get("workflow").asText()).isEqualTo(".github/workflows/ci.yml");
      assertThat(l.get("time").asText()).isEqualTo("2026-01-02T03:04:05Z");
      assertThat(l.has("job")).isTrue();
      assertThat(l.has("step")).isTrue();
    });
    JsonNode step = lines.get(11);
    assertThat(step.get("job").asText()).isEqualTo("build");
    assertThat(step.get("step").asText()).isEqualTo("s1");
    assertThat(step.get("result").asText()).isEqualTo("failure");
    assertThat(lines.get(1).get("vm").asText()).isEqualTo("host-1");
    assertThat(lines.get(14).get("result").asText()).isEqualTo("failure");
  }

  @Test
  void summaryHasARowPerRunAndJobAndAnExitStatus() {
    RunSummary summary = new RunSummary();
    run(Conclusion.SUCCESS).forEach(summary::on);
    StringWriter text = new StringWriter();
    summary.print(new PrintWriter(text), Style.PLAIN);
    assertThat(text.toString()).containsPattern("CI \\(ci.yml\\)\\s+-\\s+success\\s+30ms\\s+host-1")
        .containsPattern("\\s+build\\s+success\\s+20ms\\s+host-1");
    assertThat(summary.exitCode()).isZero();
    RunSummary failed = new RunSummary();
    run(Conclusion.CANCELLED).forEach(failed::on);
    assertThat(failed.exitCode()).isEqualTo(1);
  }

  private static JsonNode parse(String line) {
    try {
      return new ObjectMapper().readTree(line);
    } catch (Exception e) {
      throw new AssertionError(line, e);
    }
  }
}
