package dev.hearth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Job-level {@code concurrency:} groups through the in-process gate, with GitHub's rules: one leg of
 * a group runs and one is pending, a newer pending leg replaces the older, {@code cancel-in-progress}
 * cancels the running one, names compare ignoring case, groups are per leg with {@code matrix.*}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JobConcurrencyGroupsTest {
  private final EngineFixture engine = new EngineFixture(8);
  private final WorkflowExecutor executor = engine.executor.withJobGate(new InProcessJobGate());

  @AfterEach
  void clean() {
    engine.assertClean();
  }

  private static String deploy(String group, boolean cancelInProgress, String script) {
    return """
        on: push
        jobs:
          deploy:
            runs-on: ubuntu-latest
            concurrency:
              group: %s
              cancel-in-progress: %s
            steps: [{run: %s}]
          after:
            needs: deploy
            runs-on: ubuntu-latest
            steps: [{run: echo after}]
          report:
            needs: deploy
            if: always()
            runs-on: ubuntu-latest
            steps: [{run: echo report}]
        """.formatted(group, cancelInProgress, script);
  }

  private CompletableFuture<RunResult> submit(String runId, String yaml, AllocationScope scope) {
    return executor.submit(engine.request(runId, Plans.of(yaml)).scope(scope).build());
  }

  private boolean jobStarted(String runId, String jobId) {
    return engine.events.of(RunEvent.JobStarted.class).stream().anyMatch(e -> e.runId().equals(runId) && e.jobId().equals(jobId));
  }

  private boolean waiting(String runId) {
    return engine.events.of(RunEvent.LogLine.class).stream()
        .anyMatch(l -> l.runId().equals(runId) && l.text().contains("is waiting for concurrency group"));
  }

  private Conclusion job(String runId, String jobId) {
    return engine.events.of(RunEvent.JobFinished.class).stream()
        .filter(e -> e.runId().equals(runId) && e.jobId().equals(jobId)).map(RunEvent.JobFinished::result)
        .findFirst().orElseThrow(() -> new AssertionError("job " + jobId + " of run " + runId + " did not finish"));
  }

  private List<String> lines(String runId) {
    return engine.events.of(RunEvent.LogLine.class).stream().filter(l -> l.runId().equals(runId))
        .map(RunEvent.LogLine::text).toList();
  }

  @Test
  void aNewerPendingJobReplacesTheOlderPendingOne() throws Exception {
    var first = submit("1", deploy("prod", false, "wait go"), AllocationScope.WORKFLOW);
    EngineFixture.await("run 1 deploys", () -> jobStarted("1", "deploy"));
    var second = submit("2", deploy("prod", false, "echo two"), AllocationScope.WORKFLOW);
    EngineFixture.await("run 2 waits", () -> waiting("2"));
    var third = submit("3", deploy("prod", false, "echo three"), AllocationScope.WORKFLOW);
    EngineFixture.await("run 3 waits", () -> waiting("3"));

    second.get(20, TimeUnit.SECONDS);
    assertThat(job("2", "deploy")).isEqualTo(Conclusion.CANCELLED);
    assertThat(lines("2")).anyMatch(l -> l.contains("replaced by run 3 job deploy, pending in concurrency group 'prod'"));
    assertThat(lines("2")).anyMatch(l -> l.contains("job deploy is waiting for concurrency group 'prod' (held by run 1 job deploy)"));
    assertThat(engine.events.of(RunEvent.JobFinished.class)).as("the running one goes on")
        .noneMatch(e -> e.runId().equals("1") && e.jobId().equals("deploy"));
    assertThat(jobStarted("3", "deploy")).as("run 3 waits for run 1").isFalse();

    engine.shell.open("go");
    assertThat(first.get(20, TimeUnit.SECONDS).result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(third.get(20, TimeUnit.SECONDS).result()).isEqualTo(Conclusion.SUCCESS);
  }

  @Test
  void cancelInProgressCancelsTheRunningJobAndItsDependentsFollowNeeds() throws Exception {
    var first = submit("1", deploy("prod", true, "hang"), AllocationScope.WORKFLOW);
    EngineFixture.await("run 1 deploys", () -> jobStarted("1", "deploy"));
    var second = submit("2", deploy("prod", true, "echo two"), AllocationScope.WORKFLOW);

    RunResult one = first.get(20, TimeUnit.SECONDS);
    RunResult two = second.get(20, TimeUnit.SECONDS);
    assertThat(job("1", "deploy")).isEqualTo(Conclusion.CANCELLED);
    assertThat(job("1", "after")).as("needs a cancelled job: skipped").isEqualTo(Conclusion.SKIPPED);
    assertThat(job("1", "report")).as("if: always()").isEqualTo(Conclusion.SUCCESS);
    assertThat(one.result()).isEqualTo(Conclusion.CANCELLED);
    assertThat(two.result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(job("2", "deploy")).isEqualTo(Conclusion.SUCCESS);
    assertThat(lines("1")).contains("job deploy cancelled by run 2 job deploy of concurrency group 'prod' (cancel-in-progress)");
  }

  @Test
  void groupNamesCompareIgnoringCase() throws Exception {
    var first = submit("1", deploy("Prod-EU", false, "wait go"), AllocationScope.JOB);
    EngineFixture.await("run 1 deploys", () -> jobStarted("1", "deploy"));
    var second = submit("2", deploy("prod-eu", false, "echo two"), AllocationScope.JOB);
    EngineFixture.await("run 2 waits", () -> waiting("2"));
    assertThat(engine.provider.liveVms()).as("a waiting job holds no VM in job scope").isEqualTo(1);

    engine.shell.open("go");
    assertThat(first.get(20, TimeUnit.SECONDS).result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(second.get(20, TimeUnit.SECONDS).result()).isEqualTo(Conclusion.SUCCESS);
    RunEvent.JobFinished firstDeploy = engine.events.of(RunEvent.JobFinished.class).stream()
        .filter(e -> e.runId().equals("1") && e.jobId().equals("deploy")).findFirst().orElseThrow();
    RunEvent.JobStarted secondDeploy = engine.events.of(RunEvent.JobStarted.class).stream()
        .filter(e -> e.runId().equals("2") && e.jobId().equals("deploy")).findFirst().orElseThrow();
    assertThat(engine.events.events().indexOf(secondDeploy)).isGreaterThan(engine.events.events().indexOf(firstDeploy));
  }

  @Test
  void aGroupBuiltFromTheMatrixIsOnePerLeg() throws Exception {
    var run = submit("1", """
        on: push
        jobs:
          deploy:
            strategy: {matrix: {region: [eu, us]}}
            runs-on: ubuntu-latest
            concurrency: deploy-${{ matrix.region }}
            steps: [{run: wait go}]
        """, AllocationScope.JOB);

    assertThat(engine.provider.awaitLiveVms(2, Duration.ofSeconds(10))).as("both legs run at once").isTrue();
    engine.shell.open("go");
    assertThat(run.get(20, TimeUnit.SECONDS).result()).isEqualTo(Conclusion.SUCCESS);
  }

  @Test
  void legsOfOneJobSharingAGroupRunOneAtATimeAndTheNewestPendingWins() throws Exception {
    var run = submit("1", """
        on: push
        jobs:
          deploy:
            strategy: {matrix: {n: [1, 2, 3]}}
            runs-on: ubuntu-latest
            concurrency: deploy
            steps: [{run: wait go}]
        """, AllocationScope.JOB);

    EngineFixture.await("one leg cancelled as replaced", () -> engine.events.of(RunEvent.JobFinished.class).size() == 1);
    assertThat(engine.provider.liveVms()).isEqualTo(1);
    engine.shell.open("go");
    RunResult result = run.get(20, TimeUnit.SECONDS);
    assertThat(result.jobs()).extracting(JobResult::result)
        .containsExactlyInAnyOrder(Conclusion.CANCELLED, Conclusion.SUCCESS, Conclusion.SUCCESS);
    assertThat(engine.provider.maxLiveVms()).as("never two legs of the group at once").isEqualTo(1);
  }

  @Test
  void aGroupThatCannotBeEvaluatedFailsTheJobWithItsPosition() throws Exception {
    RunResult result = submit("1", deploy("${{ fromJSON('x') }}", false, "echo never"), AllocationScope.WORKFLOW)
        .get(20, TimeUnit.SECONDS);

    assertThat(job("1", "deploy")).isEqualTo(Conclusion.FAILURE);
    assertThat(lines("1")).anyMatch(l -> l.contains(".github/workflows/test.yml:6:") && l.contains("concurrency"));
    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
  }

  @Test
  void aJobWaitingForItsGroupIsCancelledWithItsRun() throws Exception {
    var first = submit("1", deploy("prod", false, "wait go"), AllocationScope.WORKFLOW);
    EngineFixture.await("run 1 deploys", () -> jobStarted("1", "deploy"));
    Cancellation cancel = new Cancellation();
    var second = executor.submit(engine.request("2", Plans.of(deploy("prod", false, "echo two"))).cancellation(cancel).build());
    EngineFixture.await("run 2 waits", () -> waiting("2"));

    cancel.cancel(Cancellation.Reason.CANCELLED, "cancelled by a test");
    assertThat(second.get(20, TimeUnit.SECONDS).result()).isEqualTo(Conclusion.CANCELLED);
    assertThat(job("2", "deploy")).isEqualTo(Conclusion.CANCELLED);
    engine.shell.open("go");
    assertThat(first.get(20, TimeUnit.SECONDS).result()).isEqualTo(Conclusion.SUCCESS);
  }

  @Test
  void withoutAGateGroupsAreNotEnforced() throws Exception {
    var first = engine.executor.submit(engine.request("1", Plans.of(deploy("prod", true, "wait go"))).build());
    var second = engine.executor.submit(engine.request("2", Plans.of(deploy("prod", true, "wait go"))).build());
    EngineFixture.await("both deploy at once", () -> jobStarted("1", "deploy") && jobStarted("2", "deploy"));
    engine.shell.open("go");
    assertThat(first.get(20, TimeUnit.SECONDS).result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(second.get(20, TimeUnit.SECONDS).result()).isEqualTo(Conclusion.SUCCESS);
  }
}
