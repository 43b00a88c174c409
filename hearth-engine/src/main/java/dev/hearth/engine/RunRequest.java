package dev.hearth.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.workflow.plan.RunPlan;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One workflow run to execute. Build with {@link #builder(String, RunPlan)}.
 *
 * @param runId unique among the runs of this process ({@code GITHUB_RUN_ID}); appears in every event
 * @param plan what to run
 * @param repository the checkout on the host whose files become {@code $GITHUB_WORKSPACE} (copied in
 *     whole, {@code .git} included, so git works in the VM); null for an empty workspace
 * @param metadata repository, sha, actor, run number for the {@code github} context
 * @param secrets the {@code secrets} context (values are masked in logs)
 * @param vars the {@code vars} context
 * @param inputs the {@code inputs} context (typed values, as {@code InputResolver} gives them)
 * @param scope one VM for the run (default) or one per job leg
 * @param listener where progress goes; must be thread-safe in job scope
 * @param cancellation cancel it to stop the run (also while it waits for admission)
 */
public record RunRequest(
    String runId,
    RunPlan plan,
    Path repository,
    RunMetadata metadata,
    Map<String, String> secrets,
    Map<String, String> vars,
    Map<String, JsonNode> inputs,
    AllocationScope scope,
    RunListener listener,
    Cancellation cancellation) {

  public RunRequest {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(metadata, "metadata");
    secrets = Map.copyOf(secrets);
    vars = Map.copyOf(vars);
    inputs = Map.copyOf(inputs);
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(cancellation, "cancellation");
  }

  /** A request with defaults: no repository, metadata from the event, nothing secret, workflow scope. */
  public static Builder builder(String runId, RunPlan plan) {
    return new Builder(runId, plan);
  }

  /** Fills a {@link RunRequest}; every setter is optional. */
  public static final class Builder {
    private final String runId;
    private final RunPlan plan;
    private Path repository;
    private RunMetadata metadata;
    private Map<String, String> secrets = Map.of();
    private Map<String, String> vars = Map.of();
    private Map<String, JsonNode> inputs = Map.of();
    private AllocationScope scope = AllocationScope.WORKFLOW;
    private RunListener listener = RunListener.NONE;
    private Cancellation cancellation = new Cancellation();

    private Builder(String runId, RunPlan plan) {
      this.runId = runId;
      this.plan = plan;
    }

    public Builder repository(Path dir) {
      this.repository = dir;
      return this;
    }

    public Builder metadata(RunMetadata value) {
      this.metadata = value;
      return this;
    }

    public Builder secrets(Map<String, String> value) {
      this.secrets = value;
      return this;
    }

    public Builder vars(Map<String, String> value) {
      this.vars = value;
      return this;
    }

    public Builder inputs(Map<String, JsonNode> value) {
      this.inputs = value;
      return this;
    }

    public Builder scope(AllocationScope value) {
      this.scope = value;
      return this;
    }

    public Builder listener(RunListener value) {
      this.listener = value;
      return this;
    }

    public Builder cancellation(Cancellation value) {
      this.cancellation = value;
      return this;
    }

    public RunRequest build() {
      RunMetadata meta = metadata != null ? metadata : RunMetadata.fromEvent(plan.event());
      return new RunRequest(runId, plan, repository, meta, secrets, vars, inputs, scope, listener, cancellation);
    }
  }
}
