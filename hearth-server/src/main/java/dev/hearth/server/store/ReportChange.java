package dev.hearth.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One state change of a job leg to be reported to GitHub, as the outbox keeps it: what a check run
 * becomes (or the commit status it maps to). Values are GitHub's words.
 *
 * @param leg the job leg within the run ({@code build}, {@code build (linux)})
 * @param name how it is shown ({@code workflow / job (matrix values)})
 * @param status {@code queued}, {@code in_progress} or {@code completed}
 * @param conclusion GitHub's check run conclusion once completed ({@code success}, {@code failure}, …), else null
 * @param startedAt when the job started (in_progress), or null
 * @param completedAt when it completed, or null
 * @param title the output's title (a status's description), or null
 * @param summary the output's Markdown summary, or null
 * @param annotations the output's annotations as GitHub's JSON array, or null for none
 */
public record ReportChange(String leg, String name, String status, String conclusion, Instant startedAt,
    Instant completedAt, String title, String summary, String annotations) {
  public static final String QUEUED = "queued";
  public static final String IN_PROGRESS = "in_progress";
  public static final String COMPLETED = "completed";

  public ReportChange {
    Objects.requireNonNull(leg, "leg");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
  }

  public boolean completed() {
    return COMPLETED.equals(status);
  }
}
