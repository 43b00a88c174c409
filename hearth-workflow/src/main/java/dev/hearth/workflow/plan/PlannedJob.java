package dev.hearth.workflow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.workflow.expr.Coercion;
import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.Values;
import dev.hearth.workflow.model.Job;
import java.util.ArrayList;
import java.util.List;

/**
 * A job as planned: the parsed job, its {@code needs} (direct, as the {@code needs} context shows
 * them, and transitive, for failure propagation: see {@link JobGraph}), and how its legs are made.
 *
 * <p>When the matrix, {@code fail-fast} and {@code max-parallel} are all written out, {@link
 * #legs()} holds the legs already. When any of them is an expression, {@link #legs()} is empty
 * and {@link #isDeferred()} is true: the executor calls {@link #legs(TemplateEvaluator)} once the
 * job is ready, with an evaluator ({@link TemplateEvaluator#of}) for the {@code github}, {@code
 * needs}, {@code vars} and {@code inputs} contexts. As on GitHub, the job's {@code if} comes
 * first: a job it skips is never expanded (and shows as one skipped job under its own name).
 *
 * <p>{@link #displayName()} is the job's {@code name} when it has no expression, else its id.
 * When {@code name} holds an expression, GitHub names each leg by evaluating it with that leg's
 * {@code matrix} (and appends nothing), so the executor does that; the leg names here then only
 * serve as fallbacks.
 */
public record PlannedJob(
    Job job,
    List<String> needs,
    List<String> transitiveNeeds,
    MatrixSource matrix,
    Setting<Boolean> failFast,
    Setting<Integer> maxParallel,
    List<JobLeg> legs) {

  public PlannedJob {
    needs = List.copyOf(needs);
    transitiveNeeds = List.copyOf(transitiveNeeds);
    legs = List.copyOf(legs);
  }

  public String id() {
    return job.id();
  }

  public String displayName() {
    return job.name() == null || job.name().hasExpressions() ? job.id() : job.name().text();
  }

  /** True when the legs are known only once the job is ready: see {@link #legs}. */
  public boolean isDeferred() {
    return matrix instanceof MatrixSource.Deferred || !failFast.isKnown() || !maxParallel.isKnown();
  }

  /** This job with its legs expanded. */
  public PlannedJob withLegs(List<JobLeg> expanded) {
    return new PlannedJob(job, needs, transitiveNeeds, matrix, failFast, maxParallel, expanded);
  }

  /**
   * The legs, evaluating a deferred matrix and expression-valued {@code fail-fast} and {@code
   * max-parallel} through {@code evaluate} (see {@link MatrixSource#expand}); returns {@link
   * #legs()} when nothing is deferred.
   */
  public List<JobLeg> legs(TemplateEvaluator evaluate)
      throws MatrixException, ExpressionException {
    if (!legs.isEmpty()) return legs;
    List<MatrixCombination> combinations = matrix.expand(evaluate);
    boolean fast = failFast.resolve(evaluate, value -> Coercion.truthy(Values.fromJson(value)));
    Integer max = maxParallel.resolve(evaluate, PlannedJob::maxParallelValue);
    if (max != null && max < 1) {
      throw new MatrixException("strategy 'max-parallel' must be a number greater than zero, "
          + "but its expression gave " + max);
    }
    return legs(displayName(), combinations, fast, max);
  }

  /** Numbers the legs and names them: {@code strategy.job-index} counts from 0. */
  static List<JobLeg> legs(
      String name, List<MatrixCombination> combinations, boolean failFast, Integer maxParallel) {
    int total = combinations.size();
    int max = maxParallel == null ? total : maxParallel;
    List<JobLeg> legs = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      MatrixCombination combination = combinations.get(i);
      legs.add(new JobLeg(LegNames.of(name, combination), combination,
          new StrategyContext(failFast, i, total, max)));
    }
    return legs;
  }

  private static Integer maxParallelValue(JsonNode value) {
    double number = Coercion.toNumber(Values.fromJson(value));
    return Double.isNaN(number) ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.floor(number));
  }
}
