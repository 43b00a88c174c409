package dev.hearth.engine;

import dev.hearth.workflow.expr.Value.ObjectValue;
import dev.hearth.workflow.plan.JobLeg;
import dev.hearth.workflow.plan.PlannedJob;

/**
 * One job leg ready to run.
 *
 * @param job the planned job
 * @param leg its matrix combination and strategy
 * @param id the leg's id as users see it ({@code build (ubuntu, 18)})
 * @param settings name, labels, timeout, continue-on-error
 * @param needs the job's {@code needs} context
 * @param group its job-level {@code concurrency:} group; null when the job has none
 */
record Leg(PlannedJob job, JobLeg leg, String id, LegSettings settings, ObjectValue needs, LegGroup group) {}
