package dev.hearth.server.github;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates as a GitHub App installation: the app's JWT is exchanged for an installation token
 * ({@code POST /app/installations/{id}/access_tokens}), which is cached per installation and used
 * until {@link #REFRESH_BEFORE} before its {@code expires_at} (GitHub's tokens live an hour).
 * Thread-safe; concurrent callers for one installation share one exchange.
 */
public final class AppAuth implements GitHubAuth {
  /** A token is replaced this long before it expires, so no call carries one that dies in flight. */
  public static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);
  private static final Logger log = LoggerFactory.getLogger(AppAuth.class);

  private final AppJwt jwt;
  private final GitHubClient client;
  private final ConcurrentMap<Long, Entry> tokens = new ConcurrentHashMap<>();

  public AppAuth(AppJwt jwt, GitHubClient client) {
    this.jwt = Objects.requireNonNull(jwt, "jwt");
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * App {@code appId} (its numeric id or client id) with the private key in PEM file {@code keyFile},
   * as downloaded from the App's settings page.
   *
   * @throws IllegalArgumentException naming the file when it cannot be read or holds no RSA key
   */
  public static AppAuth create(String appId, Path keyFile, GitHubClient client) {
    String pem;
    try {
      pem = Files.readString(keyFile);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the GitHub App private key " + keyFile + ": " + e, e);
    }
    return new AppAuth(new AppJwt(appId, AppPrivateKey.parse(pem, keyFile.toString()), client.clock()), client);
  }

  @Override
  public String authorization(long installationId) throws GitHubApiException, InterruptedException {
    if (installationId <= 0) {
      throw new GitHubApiException("authenticating as a GitHub App", 0,
          "the event names no installation (its payload has no installation.id), so no installation token can be made",
          List.of(), 1, null);
    }
    Entry entry = tokens.computeIfAbsent(installationId, id -> new Entry());
    synchronized (entry) {
      Instant now = client.clock().instant();
      if (entry.token == null || !now.isBefore(entry.expiresAt.minus(REFRESH_BEFORE))) {
        JsonNode answer = client.call("POST", "/app/installations/" + installationId + "/access_tokens", null,
            "Bearer " + jwt.sign());
        entry.token = answer.path("token").asText(null);
        entry.expiresAt = expiry(answer, installationId);
        if (entry.token == null) {
          throw new GitHubApiException("POST /app/installations/" + installationId + "/access_tokens", 201,
              "the answer has no token", List.of(), 1, null);
        }
        log.info("installation={} got a GitHub installation token valid until {}", installationId, entry.expiresAt);
      }
      return "Bearer " + entry.token;
    }
  }

  private static Instant expiry(JsonNode answer, long installationId) throws GitHubApiException {
    try {
      return Instant.parse(answer.path("expires_at").asText(""));
    } catch (DateTimeParseException e) {
      throw new GitHubApiException("POST /app/installations/" + installationId + "/access_tokens", 201,
          "expires_at is not an ISO 8601 time: '" + answer.path("expires_at").asText("") + "'", List.of(), 1, e);
    }
  }

  @Override
  public String toString() {
    return "GitHub App auth";
  }

  private static final class Entry {
    String token;
    Instant expiresAt;
  }
}
