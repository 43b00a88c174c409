package dev.hearth.workflow.expr;

/**
 * The state the status functions report: {@code success()} is true for SUCCESS,
 * {@code failure()} for FAILURE, {@code cancelled()} for CANCELLED, {@code always()} always.
 * For a step it is the state of the job so far; for a job, that of the jobs it needs.
 */
public enum RunStatus {
  SUCCESS, FAILURE, CANCELLED
}
