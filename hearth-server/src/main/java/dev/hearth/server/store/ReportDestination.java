package dev.hearth.server.store;

import java.util.Objects;

/**
 * Where a run's reports go: {@code check_run} (one check run per job leg) or {@code status} (one
 * commit status context per leg), on {@code repository} ({@code owner/name}) at commit {@code sha}.
 *
 * @param installationId the GitHub App installation (0 with token authentication)
 * @param detailsUrl the run's page on Hearth, or null
 */
public record ReportDestination(String kind, String repository, String sha, long installationId, String detailsUrl) {
  public static final String CHECK_RUN = "check_run";
  public static final String STATUS = "status";

  public ReportDestination {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(sha, "sha");
    if (!CHECK_RUN.equals(kind) && !STATUS.equals(kind)) {
      throw new IllegalArgumentException("a report goes to a check_run or a status, not '" + kind + "'");
    }
  }
}
