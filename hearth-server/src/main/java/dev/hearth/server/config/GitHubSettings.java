package dev.hearth.server.config;

import java.net.URI;
import java.nio.file.Path;

/**
 * The {@code github:} section: how Hearth talks to GitHub's REST API to report results.
 *
 * @param apiUrl the REST API's base ({@code https://api.github.com}, or GitHub Enterprise's {@code …/api/v3})
 * @param token a token (config {@code token} or {@code HEARTH_GITHUB_TOKEN}); null when none
 * @param appId the GitHub App's id when authenticating as an App; null otherwise
 * @param privateKeyFile the App's private key (PEM), checked to be readable at start; null otherwise
 * @param report check runs per job ({@code checks}, the default) or commit statuses
 */
public record GitHubSettings(URI apiUrl, String token, Long appId, Path privateKeyFile, Report report) {
  public static final URI DEFAULT_API_URL = URI.create("https://api.github.com");

  /** How results are reported back to GitHub. */
  public enum Report {
    CHECKS, STATUSES
  }

  public static GitHubSettings defaults() {
    return new GitHubSettings(DEFAULT_API_URL, null, null, null, Report.CHECKS);
  }

  /** Whether there is any way to authenticate (a token, or an App id with its key). */
  public boolean canAuthenticate() {
    return token != null || (appId != null && privateKeyFile != null);
  }

  @Override
  public String toString() {
    return "GitHubSettings[apiUrl=" + apiUrl + ", token=" + (token == null ? "none" : "***") + ", appId=" + appId
        + ", privateKeyFile=" + privateKeyFile + ", report=" + report + "]";
  }
}
