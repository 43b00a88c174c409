package dev.hearth.server.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.engine.RunEvent;
import dev.hearth.engine.RunListener;
import dev.hearth.engine.RunRequest;
import dev.hearth.server.store.PlannedRun;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import java.time.Instant;
import java.util.List;
import dev.hearth.engine.RunResult;
import dev.hearth.engine.SessionManager;
import dev.hearth.engine.WorkflowExecutor;
import dev.hearth.vm.host.HostVmProvider;
import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.parse.WorkflowParser;
import dev.hearth.workflow.plan.Planner;
import dev.hearth.workflow.plan.RunPlan;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Runs a workflow for real (host provider) with a GitHub reporter listening, and waits for its reports. */
final class ReporterFixture implements AutoCloseable {
  static final String SHA = "d".repeat(40);
  static final long INSTALLATION = 555;
  static final String PAYLOAD = "{\"ref\":\"refs/heads/main\",\"after\":\"" + SHA + "\","
      + "\"repository\":{\"full_name\":\"octo/hello\"},\"sender\":{\"login\":\"mona\"},"
      + "\"installation\":{\"id\":" + INSTALLATION + "}}";

  static final String HOST = "reporter-host";

  private final HostVmProvider provider;
  private final WorkflowExecutor executor;
  private final Store store;
  private int deliveries;

  ReporterFixture(Path root) {
    provider = HostVmProvider.create(root.resolve("vms"));
    executor = new WorkflowExecutor(new SessionManager(provider, 1, Clock.systemUTC()));
    store = Store.open("sqlite:" + root.resolve("store.db"));
  }

  /** A reporter in {@code mode} sending through this fixture's store as {@link #HOST}. */
  GitHubReporter reporter(GitHubReporter.Mode mode, GitHubClient client, GitHubAuth auth) {
    return new GitHubReporter(mode, new ReportSender(store.reports(), new CheckRuns(client, auth),
        new CommitStatuses(client, auth), HOST, Duration.ofMinutes(1), Clock.systemUTC()));
  }

  /** A new run in the store, claimed by {@link #HOST}. */
  StoredRun claimedRun() {
    String delivery = "d-" + (++deliveries);
    Instant now = Instant.now();
    store.accept(delivery, "push", null, "octo/hello", PAYLOAD, now);
    store.plan(delivery, "push", "octo/hello", SHA, "/tmp/none", false,
        List.of(new PlannedRun(".github/workflows/ci.yml", "ci", null, false)), null, now);
    return store.fleet().claim(HOST, 1, now.plus(Duration.ofHours(1)), 0, now).getFirst();
  }

  /** The report of a new claimed run. */
  RunReport forRun(GitHubReporter reporter, RunPlan plan) throws Exception {
    StoredRun run = claimedRun();
    return reporter.forRun(run.id(), run.attempts(), plan, target());
  }

  Store store() {
    return store;
  }

  static RunPlan plan(String yaml) throws Exception {
    var workflow = new WorkflowParser().parse(".github/workflows/ci.yml", yaml).orThrow();
    return Planner.plan(workflow, Event.fromPayload("push", new ObjectMapper().readTree(PAYLOAD)));
  }

  static ReportTarget target() throws Exception {
    return ReportTarget.fromPayload(new ObjectMapper().readTree(PAYLOAD), SHA, "http://hearth.test/runs/1");
  }

  /**
   * Runs {@code plan} as a new run claimed by {@link #HOST}, reported by {@code reporter}, and finished
   * in the store as {@code hearth serve} does; returns once the reports went out.
   */
  RunResult run(String label, RunPlan plan, GitHubReporter reporter, Map<String, String> secrets) throws Exception {
    StoredRun run = claimedRun();
    RunReport report = reporter.forRun(run.id(), run.attempts(), plan, target());
    RunListener finisher = event -> {
      if (event instanceof RunEvent.RunFinished f) store.finishRun(run.id(), f.result().githubName(), null, HOST, f.at());
    };
    RunResult result = executor.run(RunRequest.builder(report.runId(), plan).listener(RunListener.all(List.of(finisher, report)))
        .secrets(secrets).build());
    if (!report.awaitReported(Duration.ofSeconds(30))) throw new AssertionError("the reports of " + label + " did not finish");
    return result;
  }

  WorkflowExecutor executor() {
    return executor;
  }

  @Override
  public void close() {
    store.close();
    provider.close();
  }
}
