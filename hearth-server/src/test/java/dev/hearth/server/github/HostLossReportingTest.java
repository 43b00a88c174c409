package dev.hearth.server.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.engine.Conclusion;
import dev.hearth.engine.RunEvent;
import dev.hearth.server.store.OutboxRow;
import dev.hearth.server.store.PlannedRun;
import dev.hearth.server.store.ReportChange;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import dev.hearth.server.store.TestDatabases;
import dev.hearth.testing.ManualClock;
import dev.hearth.testing.PostgresCluster;
import dev.hearth.testing.github.CheckRunState;
import dev.hearth.testing.github.FakeCheckRun;
import dev.hearth.testing.github.FakeGitHub;
import dev.hearth.workflow.plan.RunPlan;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two hosts, each with its own store connection pool and its own {@link ReportSender}, over one real
 * database, reporting to the fake GitHub over HTTP. Host a dies mid-run (its report stops and its
 * sender never sends again); host b expires a's lease on a manual clock and sends what is due. Every
 * (run, leg) has one check run, every state change arrives once, and the run's open check runs end
 * completed.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostLossReportingTest {
  static final long APP = 78;
  static final Duration LEASE = Duration.ofSeconds(15);
  static final String WORKFLOW = """
      name: ci
      on: push
      jobs:
        build:
          runs-on: ubuntu-latest
          steps:
            - run: echo build
        test:
          needs: build
          runs-on: ubuntu-latest
          steps:
            - run: echo test
      """;
  static final TestDatabases databases = new TestDatabases();

  @Parameter String database;
  @TempDir Path dir;
  final FakeGitHub github = FakeGitHub.start(Clock.systemUTC());
  final ManualClock clock = new ManualClock(Instant.now());
  Store a;
  Store b;
  ReportSender senderA;
  ReportSender senderB;

  @BeforeEach
  void open() throws Exception {
    String url = databases.url(database, dir);
    a = Store.open(url);
    b = Store.open(url);
    github.registerApp(APP, TestKeys.PAIR.getPublic());
    senderA = sender(a, "a");
    senderB = sender(b, "b");
  }

  private ReportSender sender(Store store, String host) {
    GitHubClient client = new GitHubClient(new GitHubEndpoint(github.baseUrl(), "hearth-test"), RetryPolicy.NONE,
        Clock.systemUTC(), Sleeper.REAL);
    AppAuth auth = new AppAuth(new AppJwt(String.valueOf(APP), AppPrivateKey.parse(TestKeys.pkcs8Pem(TestKeys.PAIR), "app.pem"),
        Clock.systemUTC()), client);
    return new ReportSender(store.reports(), new CheckRuns(client, auth), new CommitStatuses(client, auth), host, LEASE, clock);
  }

  @AfterEach
  void close() {
    if (a != null) a.close();
    if (b != null) b.close();
    github.close();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    databases.close();
  }

  private StoredRun queueRun() {
    Instant now = clock.instant();
    a.accept("d1", "push", null, "octo/hello", ReporterFixture.PAYLOAD, "a", now);
    a.plan("d1", "push", "octo/hello", ReporterFixture.SHA, "/nowhere", false,
        List.of(new PlannedRun(".github/workflows/ci.yml", "ci")), null, now);
    return a.runsOf("d1").getFirst();
  }

  private static StoredRun claim(Store store, String host, Instant now) {
    return store.fleet().claim(host, 1, now.plus(LEASE), 0, now).getFirst();
  }

  /** Host a: queued, build ran and succeeded, test started; then it dies (nothing more from it). */
  private StoredRun hostADiesWhileTestRuns(RunPlan plan) throws Exception {
    queueRun();
    StoredRun run = claim(a, "a", clock.instant());
    RunReport report = new GitHubReporter(GitHubReporter.Mode.CHECK_RUNS, senderA).forRun(run.id(), run.attempts(), plan,
        ReporterFixture.target());
    String id = report.runId();
    Instant now = clock.instant();
    report.on(new RunEvent.RunQueued(id, ".github/workflows/ci.yml", "ci", "push", now));
    report.on(new RunEvent.JobStarted(id, "build", "build", "vm-a1", now));
    report.on(new RunEvent.JobFinished(id, "build", Conclusion.SUCCESS, Map.of(), Duration.ofSeconds(1), now));
    report.on(new RunEvent.JobStarted(id, "test", "test", "vm-a1", now));
    github.await("test in progress on GitHub", this::checkRuns, m -> m.containsKey("ci / test")
        && m.get("ci / test").current().status().equals("in_progress"), Duration.ofSeconds(30));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (a.reports().unsentCount() > 0 && System.nanoTime() < deadline) Thread.sleep(10); // a recorded them sent
    report.stop(); // host a is gone
    return run;
  }

  private Map<String, FakeCheckRun> checkRuns() {
    return github.checkRuns("octo", "hello").stream().collect(Collectors.toMap(FakeCheckRun::name, Function.identity()));
  }

  private static List<String> history(FakeCheckRun run) {
    return run.history().stream().map(CheckRunState::status).toList();
  }

  @Test
  void aRunFailedByLeaseExpiryGetsItsOpenCheckRunsCompletedAsFailedByTheHostThatExpiredIt() throws Exception {
    RunPlan plan = ReporterFixture.plan(WORKFLOW);
    StoredRun run = hostADiesWhileTestRuns(plan);

    clock.advance(LEASE.plusSeconds(1));
    assertThat(b.fleet().expireLeases(clock.instant(), 0)).singleElement()
        .satisfies(l -> assertThat(l.requeued()).isFalse());
    assertThat(senderB.sweep()).as("the closing change of test").isEqualTo(1);

    Map<String, FakeCheckRun> runs = checkRuns();
    assertThat(github.checkRuns("octo", "hello")).as("one check run per leg").hasSize(2);
    assertThat(history(runs.get("ci / build"))).containsExactly("queued", "in_progress", "completed");
    assertThat(history(runs.get("ci / test"))).containsExactly("queued", "in_progress", "completed");
    assertThat(runs.get("ci / build").current().conclusion()).isEqualTo("success");
    CheckRunState test = runs.get("ci / test").current();
    assertThat(test.conclusion()).isEqualTo("failure");
    assertThat(test.summary()).contains("host a stopped renewing its lease");
    assertThat(b.reports().unsentCount()).isZero();
    assertThat(b.reports().checkRunIds(run.id())).containsOnlyKeys("build", "test");
  }

  @Test
  void aRunRetriedOnAnotherHostReusesItsCheckRunsAndEndsSuccessful() throws Exception {
    RunPlan plan = ReporterFixture.plan(WORKFLOW);
    StoredRun run = hostADiesWhileTestRuns(plan);

    clock.advance(LEASE.plusSeconds(1));
    assertThat(b.fleet().expireLeases(clock.instant(), 1)).singleElement().satisfies(l -> assertThat(l.requeued()).isTrue());
    StoredRun again = claim(b, "b", clock.instant());
    assertThat(again.id()).isEqualTo(run.id());
    GitHubReporter reporterB = new GitHubReporter(GitHubReporter.Mode.CHECK_RUNS, senderB);
    RunReport report = reporterB.forRun(again.id(), again.attempts(), plan, ReporterFixture.target());
    String id = report.runId();
    Instant now = clock.instant();
    report.on(new RunEvent.RunQueued(id, ".github/workflows/ci.yml", "ci", "push", now));
    for (String job : List.of("build", "test")) {
      report.on(new RunEvent.JobStarted(id, job, job, "vm-b1", now));
      report.on(new RunEvent.JobFinished(id, job, Conclusion.SUCCESS, Map.of(), Duration.ofSeconds(1), now));
    }
    b.finishRun(run.id(), "success", null, "b", now);
    report.on(new RunEvent.RunFinished(id, ".github/workflows/ci.yml", Conclusion.SUCCESS, Duration.ofSeconds(2), now));
    assertThat(report.awaitReported(Duration.ofSeconds(30))).isTrue();

    assertThat(github.checkRuns("octo", "hello")).as("the same two check runs").hasSize(2);
    Map<String, FakeCheckRun> runs = checkRuns();
    assertThat(history(runs.get("ci / test"))).containsExactly("queued", "in_progress", "queued", "in_progress", "completed");
    assertThat(runs.values()).allSatisfy(r -> assertThat(r.current().conclusion()).isEqualTo("success"));
    assertThat(github.requests()).filteredOn(r -> r.method().equals("POST") && r.path().endsWith("/check-runs")).hasSize(2);
    assertThat(b.reports().unsentCount()).isZero();
  }

  @Test
  void aCheckRunGitHubCreatedBeforeItsSenderDiedIsFoundByItsExternalIdNotCreatedAgain() throws Exception {
    queueRun();
    StoredRun run = claim(a, "a", clock.instant());
    Instant now = clock.instant();
    var destination = new dev.hearth.server.store.ReportDestination(dev.hearth.server.store.ReportDestination.CHECK_RUN,
        "octo/hello", ReporterFixture.SHA, ReporterFixture.INSTALLATION, null);
    ReportChange queued = new ReportChange("build", "ci / build", ReportChange.QUEUED, null, null, null, null, null, null);
    assertThat(a.reports().append(run.id(), "a", run.attempts(), destination, List.of(queued), now)).isTrue();
    List<OutboxRow> claimed = a.reports().claimRun(run.id(), "a", now.plus(LEASE), now);
    OutboxRow row = claimed.getFirst();
    // a sends the create, GitHub accepts it, and a dies before recording the id (or the row as sent)
    GitHubClient client = new GitHubClient(new GitHubEndpoint(github.baseUrl(), "hearth-test"), RetryPolicy.NONE,
        Clock.systemUTC(), Sleeper.REAL);
    CheckRuns checks = new CheckRuns(client, new AppAuth(new AppJwt(String.valueOf(APP),
        AppPrivateKey.parse(TestKeys.pkcs8Pem(TestKeys.PAIR), "app.pem"), Clock.systemUTC()), client));
    checks.create(new GitHubRepo("octo", "hello"), ReporterFixture.INSTALLATION,
        ReportSender.fields(row.change(), row.destination(), row.externalId()));
    a.fleet().release(run.id(), "a"); // its lease no longer covers the run (as after an expiry)

    clock.advance(LEASE.plusSeconds(1));
    assertThat(senderB.sweep()).isEqualTo(1);

    assertThat(github.checkRuns("octo", "hello")).singleElement().satisfies(r -> {
      assertThat(r.externalId()).isEqualTo(run.id() + "/build");
      assertThat(history(r)).containsExactly("queued", "queued");
    });
    assertThat(b.reports().checkRunIds(run.id())).containsOnlyKeys("build");
    assertThat(github.requests()).filteredOn(r -> r.method().equals("GET")).hasSize(1);
  }
}
