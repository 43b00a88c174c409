/**
 * A parsed workflow file as immutable records: {@link dev.hearth.workflow.model.Workflow} →
 * {@link dev.hearth.workflow.model.Job} → {@link dev.hearth.workflow.model.Step}. Every node keeps
 * the {@link dev.hearth.workflow.source.Position} it was written at. Values that may hold
 * expressions keep their text ({@link dev.hearth.workflow.model.Value}) for evaluation later;
 * booleans and numbers that may be expressions are {@link dev.hearth.workflow.model.BoolValue} and
 * {@link dev.hearth.workflow.model.NumberValue}. Defaults GitHub applies are filled in (an absent
 * {@code if} is {@code success()}, steps without an id get GitHub's generated one, {@code fail-fast}
 * is true). Matrices are kept as written; expanding them is the planner's work.
 */
package dev.hearth.workflow.model;
