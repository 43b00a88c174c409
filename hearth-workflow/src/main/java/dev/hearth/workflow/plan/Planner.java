package dev.hearth.workflow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.event.EventSelector;
import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.model.BoolValue;
import dev.hearth.workflow.model.Job;
import dev.hearth.workflow.model.Need;
import dev.hearth.workflow.model.NumberValue;
import dev.hearth.workflow.model.Strategy;
import dev.hearth.workflow.model.Workflow;
import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.source.WorkflowSyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a parsed, valid {@link Workflow} selected for an event into a {@link RunPlan}: the job
 * graph from {@code needs}, and each job's matrix expanded (or deferred when it holds
 * expressions). Event selection happens before; running happens after. Stateless and
 * thread-safe.
 */
public final class Planner {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Planner() {}

  /**
   * Plans {@code workflow} for {@code event} when the workflow's {@code on:} selects the event
   * (see {@link EventSelector}); empty when it does not.
   *
   * @throws WorkflowSyntaxException as {@link #plan}
   */
  public static Optional<RunPlan> planIfSelected(Workflow workflow, Event event)
      throws WorkflowSyntaxException {
    if (workflow.on() == null || !EventSelector.select(workflow.on(), event, workflow.file())
        .selected()) {
      return Optional.empty();
    }
    return Optional.of(plan(workflow, event));
  }

  /**
   * Plans {@code workflow} for {@code event}, which the caller has selected it for.
   *
   * @throws WorkflowSyntaxException for every written-out matrix that cannot be expanded (too
   *     many jobs, an {@code exclude} key that names no vector, …), each at its matrix; and, should
   *     the parser's validation have let one through, for a {@code needs} cycle or unknown job
   */
  public static RunPlan plan(Workflow workflow, Event event) throws WorkflowSyntaxException {
    Map<String, Job> byId = new HashMap<>();
    for (Job job : workflow.jobs()) byId.putIfAbsent(key(job.id()), job);
    JobGraph graph = graph(workflow, byId);
    List<WorkflowError> errors = new ArrayList<>();
    List<PlannedJob> jobs = new ArrayList<>();
    for (String id : graph.topologicalOrder()) {
      PlannedJob planned = plan(byId.get(key(id)), graph, errors);
      if (planned != null) jobs.add(planned);
    }
    if (!errors.isEmpty()) throw new WorkflowSyntaxException(errors.stream().sorted().toList());
    return new RunPlan(workflow, event, jobs, graph);
  }

  /** GitHub compares job ids ignoring case. */
  private static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }

  private static JobGraph graph(Workflow workflow, Map<String, Job> byId)
      throws WorkflowSyntaxException {
    List<String> ids = workflow.jobs().stream().map(Job::id).toList();
    Map<String, List<String>> needs = new LinkedHashMap<>();
    for (Job job : workflow.jobs()) {
      List<String> direct = new ArrayList<>();
      for (Need need : job.needs()) {
        Job needed = byId.get(key(need.jobId()));
        direct.add(needed == null ? need.jobId() : needed.id());
      }
      needs.put(job.id(), direct);
    }
    try {
      return JobGraph.of(ids, needs);
    } catch (IllegalArgumentException e) {
      throw new WorkflowSyntaxException(new WorkflowError(workflow.position(), e.getMessage()));
    }
  }

  private static PlannedJob plan(Job job, JobGraph graph, List<WorkflowError> errors) {
    Strategy strategy = job.strategy();
    try {
      PlannedJob planned = new PlannedJob(job, graph.directNeeds(job.id()),
          graph.transitiveNeeds(job.id()), matrixSource(strategy), failFast(strategy),
          maxParallel(strategy), List.of());
      if (planned.isDeferred()) return planned;
      return planned.withLegs(planned.legs(TemplateEvaluator.NONE));
    } catch (MatrixException e) {
      var at = strategy != null && strategy.matrix() != null ? strategy.matrix().position()
          : job.position();
      errors.add(new WorkflowError(at, e.getMessage()));
      return null;
    } catch (ExpressionException e) {
      throw new IllegalStateException("a written-out strategy has no expression to evaluate", e);
    }
  }

  /** The job's matrix: none, written out, or deferred because it holds {@code ${{ }}}. */
  static MatrixSource matrixSource(Strategy strategy) throws MatrixException {
    if (strategy == null || strategy.matrix() == null) return new MatrixSource.None();
    var matrix = strategy.matrix();
    if (matrix.isExpression()) return MatrixSource.Deferred.of(matrix.expression().text());
    ObjectNode json = JSON.objectNode();
    matrix.vectors().forEach((key, node) -> json.set(key, YamlJson.of(node)));
    if (matrix.include() != null) json.set("include", YamlJson.of(matrix.include()));
    if (matrix.exclude() != null) json.set("exclude", YamlJson.of(matrix.exclude()));
    if (MatrixSource.Deferred.hasExpressions(json)) return new MatrixSource.Deferred(json);
    return new MatrixSource.Static(Matrix.fromJson(json));
  }

  private static Setting<Boolean> failFast(Strategy strategy) {
    BoolValue value = strategy == null ? null : strategy.failFast();
    if (value == null) return Setting.known(true);
    return value.isExpression() ? Setting.expression(template(value.expression()))
        : Setting.known(value.literal());
  }

  private static Setting<Integer> maxParallel(Strategy strategy) {
    NumberValue value = strategy == null ? null : strategy.maxParallel();
    if (value == null) return Setting.known(null);
    return value.isExpression() ? Setting.expression(template(value.expression()))
        : Setting.known((int) Math.min(Integer.MAX_VALUE, Math.floor(value.literal())));
  }

  /** The model keeps the text inside {@code ${{ }}}; evaluators take whole templates. */
  private static String template(String expression) {
    return "${{ " + expression + " }}";
  }
}
