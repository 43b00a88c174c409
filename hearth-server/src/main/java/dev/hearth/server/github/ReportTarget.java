package dev.hearth.server.github;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * Where one run's results go on GitHub.
 *
 * @param repo the repository the event came from
 * @param sha the commit the run tested (check runs and statuses attach to it)
 * @param installationId the GitHub App installation from the payload's {@code installation.id}; 0
 *     when there is none (token authentication)
 * @param detailsUrl where Hearth shows the run (a check run's {@code details_url}, a status's {@code
 *     target_url}); null for none
 */
public record ReportTarget(GitHubRepo repo, String sha, long installationId, String detailsUrl) {
  public ReportTarget {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(sha, "sha");
    if (!sha.matches("[0-9a-f]{40}([0-9a-f]{24})?")) {
      throw new IllegalArgumentException("a commit SHA is 40 (or 64) lower-case hex digits, but was '" + sha + "'");
    }
  }

  /**
   * The target a webhook payload describes: {@code repository.full_name} and {@code
   * installation.id} (absent for webhooks of a repository rather than an App).
   */
  public static ReportTarget fromPayload(JsonNode payload, String sha, String detailsUrl) {
    String fullName = payload.path("repository").path("full_name").asText("");
    if (fullName.isEmpty()) {
      throw new IllegalArgumentException("the event payload has no repository.full_name, so Hearth cannot report to GitHub");
    }
    return new ReportTarget(GitHubRepo.parse(fullName), sha, payload.path("installation").path("id").asLong(0), detailsUrl);
  }
}
