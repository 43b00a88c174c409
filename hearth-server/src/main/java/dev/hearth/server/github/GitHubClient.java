package dev.hearth.server.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON calls to GitHub's REST API with the headers GitHub asks for ({@code Accept:
 * application/vnd.github+json}, {@code X-GitHub-Api-Version: 2022-11-28}, {@code User-Agent}) and
 * retries as {@link RetryPolicy} allows: after a 5xx, a rate limit (403 or 429 with {@code
 * Retry-After} or {@code x-ratelimit-remaining: 0}) or a connection error. Other 4xx answers, 422
 * validation errors above all, are never retried: what GitHub said is logged and thrown.
 *
 * <p>Thread-safe; one client serves every run. Time is read from the clock and waited through the
 * sleeper, so tests neither sleep nor wait.
 */
public final class GitHubClient {
  static final String API_VERSION = "2022-11-28";
  static final String ACCEPT = "application/vnd.github+json";
  private static final Logger log = LoggerFactory.getLogger(GitHubClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final GitHubEndpoint endpoint;
  private final HttpClient http;
  private final RetryPolicy retry;
  private final Clock clock;
  private final Sleeper sleeper;

  public GitHubClient(GitHubEndpoint endpoint, RetryPolicy retry, Clock clock, Sleeper sleeper) {
    this(endpoint, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), retry, clock, sleeper);
  }

  public GitHubClient(GitHubEndpoint endpoint, HttpClient http, RetryPolicy retry, Clock clock, Sleeper sleeper) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.http = Objects.requireNonNull(http, "http");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** A client for api.github.com with the default retries and real time. */
  public static GitHubClient create(GitHubEndpoint endpoint) {
    return new GitHubClient(endpoint, RetryPolicy.DEFAULT, Clock.systemUTC(), Sleeper.REAL);
  }

  public GitHubEndpoint endpoint() {
    return endpoint;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * Sends {@code body} (null for none) with {@code method} to {@code path} and returns GitHub's JSON
   * answer (an empty object when it sent none).
   *
   * @param authorization the {@code Authorization} header's value ({@code Bearer …})
   */
  public JsonNode call(String method, String path, JsonNode body, String authorization)
      throws GitHubApiException, InterruptedException {
    String call = method + " " + path;
    HttpRequest request = request(method, path, body, authorization);
    Instant start = clock.instant();
    for (int attempt = 1; ; attempt++) {
      Failure failure;
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 == 2) return parse(response.body());
        failure = Failure.of(response, clock.instant());
        if (failure.delay() == null) throw refused(call, failure, attempt);
      } catch (IOException e) {
        failure = new Failure(0, null, List.of(), RateLimits.BACKOFF, e);
      }
      Duration wait = failure.delay() == RateLimits.BACKOFF ? retry.backoff(attempt) : failure.delay();
      Duration spent = Duration.between(start, clock.instant());
      if (attempt >= retry.maxAttempts() || spent.plus(wait).compareTo(retry.maxTotal()) > 0) {
        throw new GitHubApiException(call, failure.status(), failure.message(), failure.errors(), attempt, failure.cause());
      }
      log.info("GitHub call {} failed ({}); attempt {} of {}, retrying in {} ms", call, failure.describe(), attempt,
          retry.maxAttempts(), wait.toMillis());
      sleeper.sleep(wait);
    }
  }

  private static GitHubApiException refused(String call, Failure f, int attempt) {
    GitHubApiException e = new GitHubApiException(call, f.status(), f.message(), f.errors(), attempt, null);
    if (f.status() == 422) log.warn("GitHub refused {} as invalid (422, not retried): {}", call, e.getMessage());
    return e;
  }

  private HttpRequest request(String method, String path, JsonNode body, String authorization) {
    HttpRequest.BodyPublisher publisher = body == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body.toString());
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve(path))
        .timeout(REQUEST_TIMEOUT)
        .header("Accept", ACCEPT)
        .header("X-GitHub-Api-Version", API_VERSION)
        .header("User-Agent", endpoint.userAgent())
        .method(method, publisher);
    if (body != null) b.header("Content-Type", "application/json");
    if (authorization != null) b.header("Authorization", authorization);
    return b.build();
  }

  private static JsonNode parse(String body) throws GitHubApiException {
    if (body == null || body.isBlank()) return JSON.createObjectNode();
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new GitHubApiException("reading GitHub's answer", 200, "not JSON: " + e.getMessage(), List.of(), 1, e);
    }
  }

  /** What went wrong with one attempt; {@code delay} as {@link RateLimits#retryDelay} gives it. */
  private record Failure(int status, String message, List<String> errors, Duration delay, Throwable cause) {
    static Failure of(HttpResponse<String> response, Instant now) {
      int status = response.statusCode();
      JsonNode body = tryParse(response.body());
      String message = body.path("message").isTextual() ? body.path("message").asText() : null;
      List<String> errors = new ArrayList<>();
      for (JsonNode e : body.path("errors")) errors.add(e.isTextual() ? e.asText() : e.toString());
      return new Failure(status, message, errors, RateLimits.retryDelay(response, now, message), null);
    }

    String describe() {
      if (cause != null) return cause.toString();
      return status + (message == null ? "" : " \"" + message + "\"");
    }

    private static JsonNode tryParse(String body) {
      try {
        JsonNode n = body == null || body.isBlank() ? null : JSON.readTree(body);
        return n == null ? JSON.createObjectNode() : n;
      } catch (IOException e) {
        return JSON.createObjectNode();
      }
    }
  }
}
