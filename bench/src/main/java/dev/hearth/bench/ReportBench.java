package dev.hearth.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.engine.RunEvent;
import dev.hearth.server.github.AppAuth;
import dev.hearth.server.github.AppJwt;
import dev.hearth.server.github.AppPrivateKey;
import dev.hearth.server.github.CheckRunFields;
import dev.hearth.server.github.CheckRuns;
import dev.hearth.server.github.CommitStatuses;
import dev.hearth.server.github.GitHubClient;
import dev.hearth.server.github.GitHubEndpoint;
import dev.hearth.server.github.GitHubRepo;
import dev.hearth.server.github.GitHubReporter;
import dev.hearth.server.github.ReportSender;
import dev.hearth.server.github.ReportTarget;
import dev.hearth.server.github.RetryPolicy;
import dev.hearth.server.github.RunReport;
import dev.hearth.server.github.Sleeper;
import dev.hearth.server.store.PlannedRun;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.github.FakeGitHub;
import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.parse.WorkflowParser;
import dev.hearth.workflow.plan.Planner;
import dev.hearth.workflow.plan.RunPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The latency of reporting to GitHub through the store's outbox (SQLite), against the fake GitHub on
 * loopback:
 *
 * <ul>
 *   <li>{@link #eventToGitHub}: from a job's {@code job.started} event reaching the run's report to
 *       GitHub having answered the check run's {@code PATCH}: the change appended (fenced on the lease),
 *       claimed, sent and recorded sent.
 *   <li>{@link #directPatch}: the same {@code PATCH} sent directly, the reference: the outbox's cost is
 *       the difference.
 * </ul>
 */
@State(Scope.Benchmark)
public class ReportBench {
  static final String SHA = "e".repeat(40);
  static final long APP = 31;
  static final long INSTALLATION = 5;

  private Path dir;
  private FakeGitHub github;
  private Store store;
  private GitHubReporter reporter;
  private RunReport report;
  private CheckRuns checkRuns;
  private long checkRunId;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("hearth-report-bench");
    github = FakeGitHub.start();
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair pair = g.generateKeyPair();
    github.registerApp(APP, pair.getPublic());
    String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
        .encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    GitHubClient client = new GitHubClient(new GitHubEndpoint(github.baseUrl(), "hearth-bench"), RetryPolicy.NONE,
        Clock.systemUTC(), Sleeper.REAL);
    AppAuth auth = new AppAuth(new AppJwt(String.valueOf(APP), AppPrivateKey.parse(pem, "bench.pem"), Clock.systemUTC()),
        client);
    checkRuns = new CheckRuns(client, auth);
    store = Store.open("sqlite:" + dir.resolve("hearth.db"));
    reporter = new GitHubReporter(GitHubReporter.Mode.CHECK_RUNS, new ReportSender(store.reports(), checkRuns,
        new CommitStatuses(client, auth), "bench", Duration.ofMinutes(5), Clock.systemUTC()));
    String payload = "{\"after\":\"" + SHA + "\",\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"octo/bench\"},"
        + "\"installation\":{\"id\":" + INSTALLATION + "}}";
    Instant now = Instant.now();
    store.accept("bench", "push", null, "octo/bench", payload, now);
    store.plan("bench", "push", "octo/bench", SHA, "/nowhere", false, List.of(new PlannedRun(".github/workflows/ci.yml", "ci")),
        null, now);
    StoredRun run = store.fleet().claim("bench", 1, now.plus(Duration.ofDays(1)), 0, now).getFirst();
    var json = new ObjectMapper().readTree(payload);
    RunPlan plan = Planner.plan(new WorkflowParser().parse(".github/workflows/ci.yml",
        "name: ci\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: true\n").orThrow(),
        Event.fromPayload("push", json));
    report = reporter.forRun(run.id(), run.attempts(), plan, ReportTarget.fromPayload(json, SHA, null));
    report.on(new RunEvent.RunQueued(report.runId(), ".github/workflows/ci.yml", "ci", "push", now));
    checkRunId = github.await("the check run", () -> github.checkRuns("octo", "bench"), l -> !l.isEmpty(),
        Duration.ofSeconds(30)).getFirst().id();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    reporter.close();
    store.close();
    github.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int eventToGitHub() throws Exception {
    int before = github.requests().size();
    report.on(new RunEvent.JobStarted(report.runId(), "build", "build", "vm-bench", Instant.now()));
    return github.await("the PATCH", () -> github.requests().size(), n -> n > before, Duration.ofSeconds(30));
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void directPatch() throws Exception {
    checkRuns.update(new GitHubRepo("octo", "bench"), INSTALLATION, checkRunId,
        CheckRunFields.status(CheckRunFields.Status.IN_PROGRESS));
  }
}
