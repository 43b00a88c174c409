package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hearth run} enforces job-level {@code concurrency:} groups between the runs it starts at
 * once (several workflows selected by one event), with the host provider.
 */
@Timeout(120)
class RunJobConcurrencyTest {
  @TempDir Path tmp;
  private Repo repo;

  @BeforeEach
  void checkout() throws Exception {
    repo = Repo.init(tmp.resolve("repo"), "main");
  }

  private static String workflow(String group, boolean cancelInProgress, String needs, String script) {
    return """
        on: push
        jobs:
          prep:
            runs-on: ubuntu-latest
            steps: [{run: '%s'}]
          deploy:
            needs: prep
            runs-on: ubuntu-latest
            concurrency:
              group: %s
              cancel-in-progress: %s
            steps: [{run: '%s'}]
        """.formatted(needs, group, cancelInProgress, script);
  }

  private static int index(EventStream events, String type, String runId, String job) {
    List<JsonNode> all = events.events();
    for (int i = 0; i < all.size(); i++) {
      JsonNode e = all.get(i);
      if (e.path("type").asText().equals(type) && e.path("run").asText().equals(runId) && e.path("job").asText().equals(job)) {
        return i;
      }
    }
    throw new AssertionError("no " + type + " of run " + runId + " job " + job);
  }

  @Test
  void jobsOfTwoWorkflowsInOneGroupRunOneAfterTheOtherWhateverTheCaseOfTheName() throws Exception {
    repo.workflow("a.yml", workflow("Deploy-${{ github.ref }}", false, "echo a", "sleep 1"));
    repo.workflow("b.yml", workflow("deploy-${{ github.ref }}", false, "echo b", "sleep 1"));
    repo.commit();

    CliRun run = CliRun.of("run", "-C", repo.dir().toString(), "--provider", "host", "--json");

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    EventStream events = EventStream.parse(run.out());
    String a = events.runOf("a.yml");
    String b = events.runOf("b.yml");
    assertThat(events.jobResult(a, "deploy")).isEqualTo("success");
    assertThat(events.jobResult(b, "deploy")).isEqualTo("success");
    boolean aFirst = index(events, "job.started", a, "deploy") < index(events, "job.started", b, "deploy");
    String first = aFirst ? a : b;
    String second = aFirst ? b : a;
    assertThat(index(events, "job.started", second, "deploy")).as("the second deploy starts after the first ended")
        .isGreaterThan(index(events, "job.finished", first, "deploy"));
    assertThat(events.texts("log", "text"))
        .anyMatch(t -> t.matches("job deploy is waiting for concurrency group '(D|d)eploy-refs/heads/main' \\(held by run "
            + first + " job deploy\\)"));
  }

  @Test
  void cancelInProgressCancelsTheOtherWorkflowsRunningJob() throws Exception {
    Path started = tmp.resolve("a-deploys");
    repo.workflow("a.yml", workflow("deploy", true, "echo a", "touch " + started + " && sleep 60"));
    repo.workflow("b.yml", workflow("deploy", true,
        "while [ ! -e " + started + " ]; do sleep 0.1; done", "echo b-deployed"));
    repo.commit();

    CliRun run = CliRun.of("run", "-C", repo.dir().toString(), "--provider", "host", "--json");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    EventStream events = EventStream.parse(run.out());
    String a = events.runOf("a.yml");
    String b = events.runOf("b.yml");
    assertThat(events.jobResult(a, "deploy")).isEqualTo("cancelled");
    assertThat(events.ofRun(a, "run.finished")).singleElement()
        .satisfies(e -> assertThat(e.path("result").asText()).isEqualTo("cancelled"));
    assertThat(events.jobResult(b, "deploy")).isEqualTo("success");
    assertThat(events.logText()).contains("b-deployed");
  }
}
