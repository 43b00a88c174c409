package dev.hearth.server.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.engine.RunRequest;
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

  private final HostVmProvider provider;
  private final WorkflowExecutor executor;

  ReporterFixture(Path root) {
    provider = HostVmProvider.create(root);
    executor = new WorkflowExecutor(new SessionManager(provider, 1, Clock.systemUTC()));
  }

  static RunPlan plan(String yaml) throws Exception {
    var workflow = new WorkflowParser().parse(".github/workflows/ci.yml", yaml).orThrow();
    return Planner.plan(workflow, Event.fromPayload("push", new ObjectMapper().readTree(PAYLOAD)));
  }

  static ReportTarget target() throws Exception {
    return ReportTarget.fromPayload(new ObjectMapper().readTree(PAYLOAD), SHA, "http://hearth.test/runs/1");
  }

  /** Runs {@code plan} as run {@code runId} reported by {@code reporter}; returns once the reports went out. */
  RunResult run(String runId, RunPlan plan, GitHubReporter reporter, Map<String, String> secrets) throws Exception {
    RunReport report = reporter.forRun(runId, plan, target());
    RunResult result = executor.run(RunRequest.builder(runId, plan).listener(report).secrets(secrets).build());
    if (!report.awaitReported(Duration.ofSeconds(30))) throw new AssertionError("the reports of " + runId + " did not finish");
    return result;
  }

  WorkflowExecutor executor() {
    return executor;
  }

  @Override
  public void close() {
    provider.close();
  }
}
