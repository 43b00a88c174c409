package dev.hearth.server.github;

import java.util.Objects;

/** GitHub's {@code POST /repos/{owner}/{repo}/statuses/{sha}}: the alternative to check runs. */
public final class CommitStatuses {
  private final GitHubClient client;
  private final GitHubAuth auth;

  public CommitStatuses(GitHubClient client, GitHubAuth auth) {
    this.client = Objects.requireNonNull(client, "client");
    this.auth = Objects.requireNonNull(auth, "auth");
  }

  public void create(GitHubRepo repo, long installationId, String sha, CommitStatus status)
      throws GitHubApiException, InterruptedException {
    client.call("POST", repo.path() + "/statuses/" + sha, status.toJson(), auth.authorization(installationId));
  }
}
