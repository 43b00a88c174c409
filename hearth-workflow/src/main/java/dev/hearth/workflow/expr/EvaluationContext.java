package dev.hearth.workflow.expr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.workflow.expr.Value.ObjectValue;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an expression is evaluated against: the contexts by name ({@code github}, {@code env},
 * {@code matrix}, …; looked up ignoring case), the answer the status functions give, and the
 * workspace directory that {@code hashFiles} reads (empty where there is none).
 */
public record EvaluationContext(ObjectValue namedValues, RunStatus status, Optional<Path> workspace) {

  public EvaluationContext {
    Objects.requireNonNull(namedValues, "namedValues");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(workspace, "workspace");
  }

  /** Contexts from a map, status SUCCESS, no workspace. */
  public static EvaluationContext of(Map<String, ? extends Value> contexts) {
    return new EvaluationContext(ObjectValue.of(contexts), RunStatus.SUCCESS, Optional.empty());
  }

  /** No contexts at all. */
  public static EvaluationContext empty() {
    return of(Map.of());
  }

  /**
   * Contexts from a JSON object whose fields are the contexts, e.g.
   * {@code {"github": {"ref": "refs/heads/main"}, "env": {"CI": "true"}}}; status SUCCESS, no
   * workspace. This is what {@code hearth eval --context file.json} reads.
   *
   * @throws IllegalArgumentException when {@code json} is not an object
   */
  public static EvaluationContext fromJson(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("an expression context must be a JSON object whose "
          + "fields are the contexts (github, env, …), but got "
          + (json == null ? "nothing" : json.getNodeType().toString().toLowerCase()));
    }
    return new EvaluationContext(
        (ObjectValue) Values.fromJson(json), RunStatus.SUCCESS, Optional.empty());
  }

  /** This context with another status. */
  public EvaluationContext withStatus(RunStatus newStatus) {
    return new EvaluationContext(namedValues, newStatus, workspace);
  }

  /** This context with {@code hashFiles} reading under {@code dir}. */
  public EvaluationContext withWorkspace(Path dir) {
    return new EvaluationContext(namedValues, status, Optional.of(dir));
  }

  /** The context {@code name} (any case), or null when the context holds none. */
  public Value lookup(String name) {
    return namedValues.get(name);
  }
}
