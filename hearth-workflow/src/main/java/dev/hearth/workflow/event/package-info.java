/**
 * A workflow's {@code on:} and the choice of workflows for an event, as GitHub makes it.
 *
 * <ul>
 *   <li>{@link dev.hearth.workflow.event.TriggersParser} reads {@code on:} into
 *       {@link dev.hearth.workflow.event.Triggers}, reporting every problem as a positioned
 *       {@link dev.hearth.workflow.source.WorkflowError}.
 *   <li>{@link dev.hearth.workflow.event.Event#fromPayload} reads a webhook payload;
 *       {@link dev.hearth.workflow.event.EventSelector} says whether a workflow's triggers select
 *       the event, and why.
 *   <li>{@link dev.hearth.workflow.event.FilterPattern} and
 *       {@link dev.hearth.workflow.event.PatternFilter} implement GitHub's filter pattern syntax;
 *       {@link dev.hearth.workflow.event.CronExpression} its cron syntax.
 *   <li>{@link dev.hearth.workflow.event.InputResolver} turns given input values into the typed
 *       {@code inputs} context of {@code workflow_dispatch} and {@code workflow_call}.
 * </ul>
 *
 * <p>Everything here is immutable and free of I/O.
 */
package dev.hearth.workflow.event;
