package dev.hearth.workflow.event;

/**
 * Whether a workflow runs for an event, and why, in words fit for a log line
 * ({@code "branch 'dev' is not matched by 'branches'"}).
 */
public record Selection(boolean selected, String reason) {
  public static Selection selected(String reason) {
    return new Selection(true, reason);
  }

  public static Selection skipped(String reason) {
    return new Selection(false, reason);
  }
}
