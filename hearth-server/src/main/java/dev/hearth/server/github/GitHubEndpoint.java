package dev.hearth.server.github;

import java.net.URI;
import java.util.Objects;

/**
 * Where GitHub's REST API lives and how Hearth introduces itself.
 *
 * @param baseUrl {@code https://api.github.com}, {@code https://HOST/api/v3} for GitHub Enterprise
 *     Server, or a fake's address in tests; without a trailing slash
 * @param userAgent the {@code User-Agent} header GitHub requires on every request
 */
public record GitHubEndpoint(URI baseUrl, String userAgent) {
  public static final URI GITHUB_COM = URI.create("https://api.github.com");
  public static final String DEFAULT_USER_AGENT = "hearth";

  public GitHubEndpoint {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(userAgent, "userAgent");
    String s = baseUrl.toString();
    if (!s.startsWith("http://") && !s.startsWith("https://")) {
      throw new IllegalArgumentException("GitHub API base URL must start with http:// or https://, but was '" + s + "'");
    }
    if (s.endsWith("/")) baseUrl = URI.create(s.substring(0, s.length() - 1));
    if (userAgent.isBlank()) throw new IllegalArgumentException("GitHub requires a User-Agent; it was blank");
  }

  /** api.github.com. */
  public static GitHubEndpoint githubCom() {
    return new GitHubEndpoint(GITHUB_COM, DEFAULT_USER_AGENT);
  }

  /** GitHub Enterprise Server at {@code host}: {@code https://HOST/api/v3}. */
  public static GitHubEndpoint enterprise(String host) {
    return new GitHubEndpoint(URI.create("https://" + host + "/api/v3"), DEFAULT_USER_AGENT);
  }

  /** The API at {@code baseUrl} (a string as written in configuration). */
  public static GitHubEndpoint at(String baseUrl) {
    return new GitHubEndpoint(URI.create(baseUrl), DEFAULT_USER_AGENT);
  }

  /** {@code path} (starting with {@code /}) under the base URL. */
  URI resolve(String path) {
    return URI.create(baseUrl + path);
  }
}
