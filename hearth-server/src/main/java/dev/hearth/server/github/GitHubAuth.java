package dev.hearth.server.github;

import java.util.Objects;

/**
 * How Hearth authenticates to GitHub: with a token (a personal access token, or an installation
 * token got elsewhere), or as a GitHub App ({@link AppAuth}: a JWT exchanged for installation
 * tokens). Creating check runs needs an App's installation token; commit statuses work with either.
 */
public interface GitHubAuth {
  /**
   * The {@code Authorization} header for calls about the repositories of {@code installationId}
   * (the webhook payload's {@code installation.id}; 0 when the event named none).
   */
  String authorization(long installationId) throws GitHubApiException, InterruptedException;

  /** A fixed token, sent as {@code Bearer TOKEN}. */
  static GitHubAuth token(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) throw new IllegalArgumentException("the GitHub token is empty");
    String header = "Bearer " + token.strip();
    return new GitHubAuth() {
      @Override
      public String authorization(long installationId) {
        return header;
      }

      @Override
      public String toString() {
        return "token auth";
      }
    };
  }
}
