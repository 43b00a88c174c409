package dev.hearth.server.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.expr.Coercion;
import dev.hearth.workflow.expr.EvaluationContext;
import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.expr.Template;
import dev.hearth.workflow.expr.Value;
import dev.hearth.workflow.expr.Value.ObjectValue;
import dev.hearth.workflow.expr.Value.StringValue;
import dev.hearth.workflow.expr.Values;
import dev.hearth.workflow.model.Concurrency;
import dev.hearth.workflow.model.Workflow;
import java.util.Map;

/**
 * A workflow's {@code concurrency:} evaluated when its run is queued, with the contexts GitHub gives
 * it there: {@code github} (event, ref, sha, repository, workflow, …) and {@code inputs}
 * ({@code workflow_dispatch}); {@code vars} is empty. GitHub compares groups ignoring case, so the
 * group is kept lower-cased.
 */
final class ConcurrencyGroup {
  /** The evaluated setting: the group's name and whether a new run cancels the one in progress. */
  record Resolved(String group, boolean cancelInProgress) {}

  /** The setting cannot be evaluated; the message names the workflow file, line and column. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  private ConcurrencyGroup() {}

  /**
   * @param runKey stands in for {@code github.run_id} and {@code github.run_number}, which exist only
   *     once the run is stored: unique per run, so a group made of them holds one run, as on GitHub
   * @return null when the workflow has no {@code concurrency:}
   */
  static Resolved of(Workflow workflow, Event event, String repository, String sha, String runKey) throws Invalid {
    Concurrency c = workflow.concurrency();
    if (c == null || c.group() == null) return null;
    EvaluationContext context = EvaluationContext.of(Map.of("github", github(workflow, event, repository, sha, runKey),
        "inputs", inputs(event), "vars", ObjectValue.of(Map.of())));
    String where = workflow.file() + ":" + c.group().position().line() + ":" + c.group().position().column();
    try {
      String group = Coercion.toStr(Template.parse(c.group().text()).evaluate(ExpressionScope.WORKFLOW_CONCURRENCY, context));
      if (group.isBlank()) throw new Invalid(where + ": concurrency.group: expected a non-empty group name, got ''");
      boolean cancel = c.cancelInProgress() == null ? false
          : c.cancelInProgress().isExpression()
              ? Coercion.truthy(Template.parse("${{ " + c.cancelInProgress().expression() + " }}")
                  .evaluate(ExpressionScope.WORKFLOW_CONCURRENCY, context))
              : Boolean.TRUE.equals(c.cancelInProgress().literal());
      return new Resolved(group.toLowerCase(java.util.Locale.ROOT), cancel);
    } catch (ExpressionException e) {
      throw new Invalid(where + ": concurrency: " + e.getMessage());
    }
  }

  private static Value github(Workflow workflow, Event event, String repository, String sha, String runKey) {
    String ref = event.ref().orElse("");
    String repo = repository == null ? "" : repository;
    JsonNode head = event.payload().path("pull_request").path("head").path("ref");
    return ObjectValue.builder()
        .put("event_name", str(event.name()))
        .put("event", event.payload() == null || event.payload().isMissingNode() ? ObjectValue.of(Map.of())
            : Values.fromJson(event.payload()))
        .put("sha", str(sha == null ? "" : sha))
        .put("ref", str(ref))
        .put("ref_name", str(ref.replaceFirst("^refs/(heads|tags)/", "")))
        .put("ref_type", str(ref.startsWith("refs/tags/") ? "tag" : "branch"))
        .put("base_ref", str(event.baseRef().orElse("")))
        .put("head_ref", str(head.isTextual() ? head.asText() : ""))
        .put("repository", str(repo))
        .put("repository_owner", str(repo.contains("/") ? repo.substring(0, repo.indexOf('/')) : repo))
        .put("workflow", str(workflow.name() != null ? workflow.name().text() : workflow.file()))
        .put("run_id", str(runKey))
        .put("run_number", str(runKey))
        .put("run_attempt", str("1"))
        .put("actor", str(event.payload().path("sender").path("login").asText("")))
        .build();
  }

  private static Value inputs(Event event) {
    JsonNode inputs = event.payload().path("inputs");
    return inputs.isObject() ? Values.fromJson(inputs) : ObjectValue.of(Map.of());
  }

  private static Value str(String s) {
    return new StringValue(s);
  }
}
