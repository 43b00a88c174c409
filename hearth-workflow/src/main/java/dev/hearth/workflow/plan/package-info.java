/**
 * Planning: from a parsed {@link dev.hearth.workflow.model.Workflow} selected for an event to an
 * immutable {@link dev.hearth.workflow.plan.RunPlan}.
 *
 * <ul>
 *   <li>{@link dev.hearth.workflow.plan.Planner#plan} builds the plan: the {@link
 *       dev.hearth.workflow.plan.JobGraph} from {@code needs} and, per job, a {@link
 *       dev.hearth.workflow.plan.PlannedJob} with its {@link dev.hearth.workflow.plan.JobLeg legs}.
 *   <li>{@link dev.hearth.workflow.plan.MatrixExpander} expands a {@code strategy.matrix} exactly
 *       as GitHub documents it (product, {@code exclude}, {@code include}, 256-job limit), and
 *       {@link dev.hearth.workflow.plan.LegNames} names the legs as GitHub shows them.
 *   <li>A matrix or strategy setting holding {@code ${{ }}} is {@link
 *       dev.hearth.workflow.plan.MatrixSource.Deferred deferred}: the executor expands it when
 *       the job is ready, through a {@link dev.hearth.workflow.plan.TemplateEvaluator}.
 * </ul>
 *
 * <p>Nothing here runs anything, logs or prints; every type is immutable and thread-safe.
 */
package dev.hearth.workflow.plan;
