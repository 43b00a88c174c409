package dev.hearth.server.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.engine.Conclusion;
import dev.hearth.engine.RunResult;
import dev.hearth.testing.ManualClock;
import dev.hearth.testing.github.CheckRunState;
import dev.hearth.testing.github.FakeAnnotation;
import dev.hearth.testing.github.FakeCheckRun;
import dev.hearth.testing.github.FakeGitHub;
import dev.hearth.testing.github.FakeStatus;
import dev.hearth.testing.github.RecordedRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real runs on the host provider, reported to the fake GitHub over HTTP. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GitHubReporterTest {
  static final long APP = 77;
  static final String SECRET = "s3cr3t-value-9f";
  static final String WORKFLOW = """
      name: ci
      on: push
      jobs:
        build:
          runs-on: ubuntu-latest
          strategy:
            matrix:
              os: [linux, mac]
          steps:
            - run: echo "## Build ${{ matrix.os }}" >> "$GITHUB_STEP_SUMMARY"
            - run: echo "::warning file=src/app.c,line=12,col=5::unused variable"
        test:
          needs: build
          runs-on: ubuntu-latest
          steps:
            - run: |
                echo "### Tests" >> "$GITHUB_STEP_SUMMARY"
                echo "::error file=$GITHUB_WORKSPACE/test/t.c,line=3,endLine=4,title=assert::expected 1 with $TOKEN"
                exit 1
              env:
                TOKEN: ${{ secrets.TOKEN }}
        deploy:
          needs: test
          runs-on: ubuntu-latest
          steps:
            - run: echo never
      """;

  @TempDir Path root;
  final FakeGitHub github = FakeGitHub.start(Clock.systemUTC());
  ReporterFixture fixture;

  @BeforeEach
  void start() {
    fixture = new ReporterFixture(root);
    github.registerApp(APP, TestKeys.PAIR.getPublic());
  }

  @AfterEach
  void stop() {
    fixture.close();
    github.close();
  }

  private GitHubClient client(RetryPolicy retry) {
    ManualClock retryClock = new ManualClock();
    // the App's JWT and tokens must be on real time (the fake checks them against its clock)
    return new GitHubClient(new GitHubEndpoint(github.baseUrl(), "hearth-test"), retry, Clock.systemUTC(),
        new ClockSleeper(retryClock));
  }

  private GitHubReporter checkRunReporter() {
    GitHubClient client = client(RetryPolicy.DEFAULT);
    AppAuth auth = new AppAuth(new AppJwt(String.valueOf(APP),
        AppPrivateKey.parse(TestKeys.pkcs1Pem(TestKeys.PAIR), "app.pem"), Clock.systemUTC()), client);
    return fixture.reporter(GitHubReporter.Mode.CHECK_RUNS, client, auth);
  }

  private Map<String, FakeCheckRun> checkRunsByName() {
    return github.checkRuns("octo", "hello").stream().collect(Collectors.toMap(FakeCheckRun::name, Function.identity()));
  }

  @Test
  void eachJobGetsACheckRunFromQueuedThroughInProgressToItsConclusion() throws Exception {
    RunResult result = fixture.run("101", ReporterFixture.plan(WORKFLOW), checkRunReporter(), Map.of("TOKEN", SECRET));
    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);

    Map<String, FakeCheckRun> runs = checkRunsByName();
    assertThat(runs).containsOnlyKeys("ci / build (linux)", "ci / build (mac)", "ci / test", "ci / deploy");
    for (String ran : List.of("ci / build (linux)", "ci / build (mac)", "ci / test")) {
      assertThat(runs.get(ran).statusChanges()).as(ran).containsExactly("queued", "in_progress", "completed");
    }
    assertThat(runs.get("ci / deploy").statusChanges()).containsExactly("queued", "completed");
    assertThat(runs.get("ci / build (linux)").current().conclusion()).isEqualTo("success");
    assertThat(runs.get("ci / build (mac)").current().conclusion()).isEqualTo("success");
    assertThat(runs.get("ci / test").current().conclusion()).isEqualTo("failure");
    assertThat(runs.get("ci / deploy").current().conclusion()).isEqualTo("skipped");
    assertThat(runs.values()).allSatisfy(r -> {
      assertThat(r.headSha()).isEqualTo(ReporterFixture.SHA);
      assertThat(r.detailsUrl()).isEqualTo("http://hearth.test/runs/1");
      assertThat(r.externalId()).as("run id / leg").matches("\\d+/.+");
    });
    assertThat(github.issuedTokens()).as("one installation token for the whole run").hasSize(1)
        .allSatisfy(t -> assertThat(t.installationId()).isEqualTo(ReporterFixture.INSTALLATION));
    assertThat(github.requests()).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 201));
  }

  @Test
  void summariesComeFromGitHubStepSummaryAndAnnotationsKeepFileAndLine() throws Exception {
    fixture.run("102", ReporterFixture.plan(WORKFLOW), checkRunReporter(), Map.of("TOKEN", SECRET));
    Map<String, FakeCheckRun> runs = checkRunsByName();

    CheckRunState linux = runs.get("ci / build (linux)").current();
    assertThat(linux.summary()).isEqualTo("## Build linux");
    assertThat(linux.title()).startsWith("Succeeded in ").endsWith(": 1 warning");
    assertThat(runs.get("ci / build (linux)").annotations()).containsExactly(
        new FakeAnnotation("src/app.c", 12, 12, 5, null, "warning", "unused variable", null));

    FakeCheckRun test = runs.get("ci / test");
    assertThat(test.current().summary()).isEqualTo("### Tests");
    assertThat(test.annotations()).first().isEqualTo(
        new FakeAnnotation("test/t.c", 3, 4, null, null, "failure", "expected 1 with ***", "assert"));
    assertThat(test.annotations()).extracting(FakeAnnotation::level).containsOnly("failure");
    assertThat(test.annotations()).extracting(FakeAnnotation::path)
        .as("errors without a file point at the workflow").contains(".github/workflows/ci.yml");

    CheckRunState deploy = runs.get("ci / deploy").current();
    assertThat(deploy.title()).isEqualTo("Skipped");
    assertThat(deploy.summary()).isEqualTo("**ci / deploy** skipped.");
  }

  @Test
  void secretsNeverReachGitHub() throws Exception {
    fixture.run("103", ReporterFixture.plan(WORKFLOW), checkRunReporter(), Map.of("TOKEN", SECRET));
    assertThat(github.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.body()).doesNotContain(SECRET));
    assertThat(github.requests()).anySatisfy(r -> assertThat(r.body()).contains("expected 1 with ***"));
  }

  @Test
  void aMatrixWhoseLegsAreOnlyKnownAtRunTimeIsReportedWhenTheyStart() throws Exception {
    String yaml = """
        name: dyn
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            strategy:
              matrix:
                v: ${{ fromJSON('[1, 2]') }}
            steps:
              - run: echo "v=${{ matrix.v }}"
        """;
    RunResult result = fixture.run("104", ReporterFixture.plan(yaml), checkRunReporter(), Map.of());
    assertThat(result.result()).isEqualTo(Conclusion.SUCCESS);
    Map<String, FakeCheckRun> runs = checkRunsByName();
    assertThat(runs).containsOnlyKeys("dyn / build (1)", "dyn / build (2)");
    assertThat(runs.values()).allSatisfy(r -> {
      assertThat(r.statusChanges()).containsExactly("queued", "in_progress", "completed");
      assertThat(r.current().conclusion()).isEqualTo("success");
    });
  }

  @Test
  void aMatrixJobSkippedAsAWholeCompletesEveryLegAsSkipped() throws Exception {
    String yaml = """
        name: gate
        on: push
        jobs:
          build:
            if: github.ref == 'refs/heads/release'
            runs-on: ubuntu-latest
            strategy:
              matrix:
                os: [linux, mac]
            steps:
              - run: echo never
        """;
    RunResult result = fixture.run("108", ReporterFixture.plan(yaml), checkRunReporter(), Map.of());
    assertThat(result.result()).isEqualTo(Conclusion.SUCCESS);
    Map<String, FakeCheckRun> runs = checkRunsByName();
    assertThat(runs).containsOnlyKeys("gate / build (linux)", "gate / build (mac)");
    assertThat(runs.values()).allSatisfy(r -> {
      assertThat(r.statusChanges()).containsExactly("queued", "completed");
      assertThat(r.current().conclusion()).isEqualTo("skipped");
    });
  }

  @Test
  void aRunCancelledBeforeItStartedCompletesItsQueuedCheckRunsAsCancelled() throws Exception {
    String yaml = "name: c\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo x\n"
        + "  b:\n    needs: a\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo y\n";
    var plan = ReporterFixture.plan(yaml);
    RunReport report = fixture.forRun(checkRunReporter(), plan);
    var cancellation = new dev.hearth.engine.Cancellation();
    cancellation.cancel(dev.hearth.engine.Cancellation.Reason.CANCELLED, "cancelled by a test");
    RunResult result = fixture.executor().run(dev.hearth.engine.RunRequest.builder(report.runId(), plan).listener(report)
        .cancellation(cancellation).build());
    assertThat(report.awaitReported(Duration.ofSeconds(30))).isTrue();
    assertThat(result.result()).isEqualTo(Conclusion.CANCELLED);
    Map<String, FakeCheckRun> runs = checkRunsByName();
    assertThat(runs).containsOnlyKeys("c / a", "c / b");
    assertThat(runs.values()).allSatisfy(r -> {
      assertThat(r.current().status()).isEqualTo("completed");
      assertThat(r.current().conclusion()).isEqualTo("cancelled");
    });
  }

  @Test
  void statusesModeSetsOnePendingThenFinalStatusPerJob() throws Exception {
    github.addToken("ghp_statuses");
    GitHubClient client = client(RetryPolicy.DEFAULT);
    GitHubReporter reporter = fixture.reporter(GitHubReporter.Mode.COMMIT_STATUSES, client, GitHubAuth.token("ghp_statuses"));
    fixture.run("105", ReporterFixture.plan(WORKFLOW), reporter, Map.of("TOKEN", SECRET));

    List<FakeStatus> statuses = github.statuses("octo", "hello", ReporterFixture.SHA);
    Map<String, List<String>> byContext = statuses.stream().collect(Collectors.groupingBy(FakeStatus::context,
        Collectors.mapping(FakeStatus::state, Collectors.toList())));
    assertThat(byContext).containsOnlyKeys("hearth / ci / build (linux)", "hearth / ci / build (mac)", "hearth / ci / test",
        "hearth / ci / deploy");
    assertThat(byContext.get("hearth / ci / build (linux)")).containsExactly("pending", "pending", "success");
    assertThat(byContext.get("hearth / ci / test")).containsExactly("pending", "pending", "failure");
    assertThat(byContext.get("hearth / ci / deploy")).containsExactly("pending", "success");
    assertThat(statuses).allSatisfy(s -> assertThat(s.targetUrl()).isEqualTo("http://hearth.test/runs/1"));
    assertThat(statuses).filteredOn(s -> s.context().endsWith("test") && s.state().equals("failure"))
        .singleElement().satisfies(s -> assertThat(s.description()).startsWith("Failed in ").endsWith(": 2 errors"));
    assertThat(github.checkRuns("octo", "hello")).isEmpty();
  }

  @Test
  void aGitHubThatKeepsFailingNeitherFailsNorHoldsUpTheRun() throws Exception {
    github.failNext(10_000, 500);
    GitHubClient client = client(new RetryPolicy(2, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
    AppAuth auth = new AppAuth(new AppJwt(String.valueOf(APP),
        AppPrivateKey.parse(TestKeys.pkcs8Pem(TestKeys.PAIR), "app.pem"), Clock.systemUTC()), client);
    String yaml = "name: ok\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo fine\n";
    RunResult result = fixture.run("106", ReporterFixture.plan(yaml),
        fixture.reporter(GitHubReporter.Mode.CHECK_RUNS, client, auth), Map.of());
    assertThat(result.result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(github.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.status()).isEqualTo(500));
    assertThat(github.checkRuns("octo", "hello")).isEmpty();
  }

  @Test
  void theRunFinishesWhileItsReportsAreStillWaitingForGitHub() throws Exception {
    github.failNext(10_000, 502);
    java.util.concurrent.CountDownLatch gitHubBack = new java.util.concurrent.CountDownLatch(1);
    GitHubClient stuck = new GitHubClient(new GitHubEndpoint(github.baseUrl(), "hearth-test"),
        new RetryPolicy(3, Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofMinutes(1)), Clock.systemUTC(),
        wait -> gitHubBack.await());
    GitHubReporter reporter = fixture.reporter(GitHubReporter.Mode.COMMIT_STATUSES, stuck, GitHubAuth.token("ghp_x"));
    var plan = ReporterFixture.plan("name: ok\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        + "      - run: echo fine\n");
    RunReport report = fixture.forRun(reporter, plan);
    RunResult result = fixture.executor().run(dev.hearth.engine.RunRequest.builder(report.runId(), plan).listener(report).build());

    assertThat(result.result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(report.awaitReported(Duration.ofMillis(50))).as("reports still waiting for GitHub").isFalse();
    gitHubBack.countDown();
    assertThat(report.awaitReported(Duration.ofSeconds(30))).isTrue();
    assertThat(github.requests()).allSatisfy(r -> assertThat(r.status()).isEqualTo(502));
  }

  @Test
  void aCheckRunWhoseCreationFailedIsCreatedByTheNextReport() throws Exception {
    github.failNext(1, 502); // the token exchange is retried; then:
    GitHubClient once = client(RetryPolicy.NONE);
    AppAuth auth = new AppAuth(new AppJwt(String.valueOf(APP),
        AppPrivateKey.parse(TestKeys.pkcs8Pem(TestKeys.PAIR), "app.pem"), Clock.systemUTC()), once);
    String yaml = "name: ok\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo fine\n";
    fixture.run("107", ReporterFixture.plan(yaml), fixture.reporter(GitHubReporter.Mode.CHECK_RUNS, once, auth), Map.of());
    List<RecordedRequest> requests = github.requests();
    assertThat(requests.get(0).status()).isEqualTo(502);
    FakeCheckRun run = github.checkRuns("octo", "hello").get(0);
    assertThat(run.statusChanges()).containsExactly("in_progress", "completed");
    assertThat(run.current().conclusion()).isEqualTo("success");
  }
}
