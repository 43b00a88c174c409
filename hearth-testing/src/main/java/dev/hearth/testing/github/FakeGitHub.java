package dev.hearth.testing.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's REST API as far as Hearth uses it, served over real HTTP on loopback: create, update and
 * list (for a commit: {@code check_name}, {@code status}, {@code filter}, {@code per_page}, {@code page}) check runs, create commit statuses, exchange a GitHub App's JWT for an installation token.
 * Requests are checked as GitHub checks them: a {@code User-Agent} (else 403), a known token (else
 * 401 {@code Bad credentials}; check runs need an installation token, else 403), the documented
 * fields and values (else 422 with GitHub's error JSON), a known check run (else 404). Every
 * request is recorded with the status it got; the next calls can be made to fail ({@link
 * #failNext}, {@link #rateLimitNext}, {@link #exhaustRateLimitNext}).
 *
 * <pre>{@code
 * try (FakeGitHub github = FakeGitHub.start(clock)) {
 *   github.registerApp(42, keyPair.getPublic());
 *   … point the client at github.baseUrl() …
 *   github.checkRuns("octo", "hello").get(0).statusChanges();   // [queued, in_progress, completed]
 * }
 * }</pre>
 *
 * <p>Thread-safe. Time (token expiry, JWT checks) comes from the clock it was started with.
 */
public final class FakeGitHub implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ACCESS_TOKENS = Pattern.compile("/app/installations/(\\d+)/access_tokens");
  private static final Pattern CHECK_RUNS = Pattern.compile("/repos/([^/]+)/([^/]+)/check-runs");
  private static final Pattern CHECK_RUN = Pattern.compile("/repos/([^/]+)/([^/]+)/check-runs/(\\d+)");
  private static final Pattern COMMIT_CHECK_RUNS = Pattern.compile("/repos/([^/]+)/([^/]+)/commits/([^/]+)/check-runs");
  private static final Pattern STATUSES = Pattern.compile("/repos/([^/]+)/([^/]+)/statuses/([^/]+)");
  private static final Set<String> STATUS_STATES = Set.of("error", "failure", "pending", "success");

  private final Clock clock;
  private final HttpServer server;
  private final ExecutorService threads;
  private final FakeStore store;
  private final Faults faults = new Faults();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final Map<Long, PublicKey> apps = new HashMap<>();
  private final Set<String> personalTokens = new HashSet<>();

  private FakeGitHub(Clock clock) throws IOException {
    this.clock = clock;
    this.store = new FakeStore(clock);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.threads = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A fake on a free loopback port, reading time from {@code clock}. */
  public static FakeGitHub start(Clock clock) {
    try {
      return new FakeGitHub(clock);
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on loopback for the fake GitHub: " + e.getMessage(), e);
    }
  }

  /** A fake on real time. */
  public static FakeGitHub start() {
    return start(Clock.systemUTC());
  }

  /** {@code http://127.0.0.1:PORT}: the API base URL to give a client. */
  public URI baseUrl() {
    return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort());
  }

  /** Accepts {@code token} as a personal access token (commit statuses, not check runs). */
  public synchronized void addToken(String token) {
    personalTokens.add(token);
  }

  /** Registers GitHub App {@code appId} by its public key; any installation id is then its own. */
  public synchronized void registerApp(long appId, PublicKey key) {
    apps.put(appId, key);
  }

  /** Issues an installation token directly, as if exchanged (for tests that do not test the exchange). */
  public synchronized String installationToken(long appId, long installationId) {
    return store.issueToken(appId, installationId).token();
  }

  /** Answers the next {@code calls} requests with {@code status} (a 5xx) and GitHub's error JSON. */
  public void failNext(int calls, int status) {
    faults.add(calls, Faults.serverError(status));
  }

  /**
   * Answers the next {@code calls} requests with a secondary rate limit: 403 and {@code Retry-After}
   * ({@code retryAfter} null: no header, as GitHub sometimes does; clients should then wait a minute).
   */
  public void rateLimitNext(int calls, Duration retryAfter) {
    faults.add(calls, Faults.secondaryRateLimit(403, retryAfter));
  }

  /** Answers the next {@code calls} requests with a spent primary rate limit that resets at {@code reset}. */
  public void exhaustRateLimitNext(int calls, Instant reset) {
    faults.add(calls, Faults.primaryRateLimit(reset));
  }

  /** Every request so far, in order of arrival. */
  public synchronized List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The check runs of {@code owner/repo}, in order of creation, each with its history. */
  public synchronized List<FakeCheckRun> checkRuns(String owner, String repo) {
    return store.checkRuns(owner, repo);
  }

  /** The commit statuses of {@code owner/repo} at {@code sha}, in order received. */
  public synchronized List<FakeStatus> statuses(String owner, String repo, String sha) {
    return store.statuses(owner, repo, sha);
  }

  /** The installation tokens issued so far. */
  public synchronized List<IssuedToken> issuedTokens() {
    return store.tokens();
  }

  /**
   * Waits until {@code condition} holds (checked after every request), up to {@code timeout};
   * returns the last value {@code probe} gave. Fails naming {@code what} when time runs out.
   */
  public synchronized <T> T await(String what, Supplier<T> probe, java.util.function.Predicate<T> condition,
      Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    T value = probe.get();
    while (!condition.test(value)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) throw new AssertionError("the fake GitHub waited " + timeout + " for " + what + "; last saw " + value);
      wait(Math.max(1, left / 1_000_000));
      value = probe.get();
    }
    return value;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      String path = exchange.getRequestURI().getPath();
      int status;
      ObjectNode answer;
      Map<String, String> extraHeaders = new HashMap<>();
      try {
        Faults.Fault fault = faults.next();
        if (fault != null) throw injected(fault, extraHeaders);
        checkHeaders(exchange);
        synchronized (this) {
          answer = route(method, path, exchange.getRequestURI().getRawQuery(), body,
              exchange.getRequestHeaders().getFirst("Authorization"));
        }
        status = "POST".equals(method) ? 201 : 200;
      } catch (ApiError e) {
        status = e.status;
        answer = e.body;
      }
      byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
      var headers = exchange.getResponseHeaders();
      headers.set("Content-Type", "application/json; charset=utf-8");
      headers.set("X-GitHub-Request-Id", Long.toHexString(System.nanoTime()).toUpperCase(Locale.ROOT));
      headers.putIfAbsent("x-ratelimit-limit", List.of("5000"));
      extraHeaders.forEach(headers::set);
      headers.putIfAbsent("x-ratelimit-remaining", List.of("4999"));
      headers.putIfAbsent("x-ratelimit-reset", List.of(Faults.resetHeader(clock)));
      record(method, path, exchange, body, status);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  private synchronized void record(String method, String path, HttpExchange exchange, String body, int status) {
    Map<String, List<String>> headers = new HashMap<>();
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    requests.add(new RecordedRequest(method, path, headers, body, status));
    notifyAll();
  }

  private static ApiError injected(Faults.Fault fault, Map<String, String> headers) {
    if (fault.retryAfter() != null) headers.put("Retry-After", String.valueOf(fault.retryAfter().toSeconds()));
    if (fault.rateLimitReset() != null) {
      headers.put("x-ratelimit-remaining", "0");
      headers.put("x-ratelimit-reset", String.valueOf(fault.rateLimitReset().getEpochSecond()));
    }
    return new ApiError(fault.status(), fault.message());
  }

  private static void checkHeaders(HttpExchange exchange) throws ApiError {
    String agent = exchange.getRequestHeaders().getFirst("User-Agent");
    if (agent == null || agent.isBlank()) {
      throw new ApiError(403, "Request forbidden by administrative rules. Please make sure your request has a User-Agent header");
    }
    String version = exchange.getRequestHeaders().getFirst("X-GitHub-Api-Version");
    if (version != null && !version.equals("2022-11-28")) {
      throw new ApiError(400, "API version " + version + " is not supported.");
    }
  }

  private ObjectNode route(String method, String path, String query, String body, String authorization) throws ApiError {
    Matcher m;
    if ("GET".equals(method) && (m = COMMIT_CHECK_RUNS.matcher(path)).matches()) {
      String token = bearer(authorization);
      if (store.liveToken(token) == null && !personalTokens.contains(token)) throw ApiError.badCredentials();
      return store.listCheckRuns(m.group(1), m.group(2), m.group(3), Query.parse(query), baseUrl().toString());
    }
    if ("POST".equals(method) && (m = ACCESS_TOKENS.matcher(path)).matches()) {
      return accessToken(Long.parseLong(m.group(1)), authorization);
    }
    if ("POST".equals(method) && (m = CHECK_RUNS.matcher(path)).matches()) {
      installationToken(authorization);
      JsonNode json = parse(body);
      CheckRunRules.validate(json, true);
      return store.createCheckRun(m.group(1), m.group(2), json, baseUrl().toString());
    }
    if ("PATCH".equals(method) && (m = CHECK_RUN.matcher(path)).matches()) {
      installationToken(authorization);
      JsonNode json = parse(body);
      CheckRunRules.validate(json, false);
      return store.updateCheckRun(m.group(1), m.group(2), Long.parseLong(m.group(3)), json, baseUrl().toString());
    }
    if ("POST".equals(method) && (m = STATUSES.matcher(path)).matches()) {
      String token = bearer(authorization);
      if (!personalTokens.contains(token) && store.liveToken(token) == null) throw ApiError.badCredentials();
      JsonNode json = parse(body);
      validateStatus(m.group(3), json);
      return store.createStatus(m.group(3), json, baseUrl().toString(), m.group(1), m.group(2));
    }
    throw ApiError.notFound();
  }

  private ObjectNode accessToken(long installationId, String authorization) throws ApiError {
    long appId = AppJwtVerifier.verify(bearer(authorization), apps, clock);
    IssuedToken t = store.issueToken(appId, installationId);
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("token", t.token());
    n.put("expires_at", t.expiresAt().toString());
    ObjectNode permissions = n.putObject("permissions");
    permissions.put("checks", "write");
    permissions.put("statuses", "write");
    permissions.put("contents", "read");
    n.put("repository_selection", "all");
    return n;
  }

  private void installationToken(String authorization) throws ApiError {
    String token = bearer(authorization);
    if (store.liveToken(token) != null) return;
    if (personalTokens.contains(token)) throw new ApiError(403, "You must authenticate via a GitHub App.");
    throw ApiError.badCredentials();
  }

  private static String bearer(String authorization) throws ApiError {
    if (authorization == null) throw new ApiError(401, "Requires authentication");
    String a = authorization.strip();
    int space = a.indexOf(' ');
    String scheme = space < 0 ? "" : a.substring(0, space).toLowerCase(Locale.ROOT);
    if (!scheme.equals("bearer") && !scheme.equals("token")) throw ApiError.badCredentials();
    return a.substring(space + 1).strip();
  }

  private static JsonNode parse(String body) throws ApiError {
    try {
      JsonNode n = JSON.readTree(body);
      if (n == null || !n.isObject()) throw new ApiError(400, "Problems parsing JSON");
      return n;
    } catch (IOException e) {
      throw new ApiError(400, "Problems parsing JSON");
    }
  }

  private static void validateStatus(String sha, JsonNode body) throws ApiError {
    if (!sha.matches("[0-9a-f]{40}")) throw new ApiError(422, "No commit found for SHA: " + sha);
    if (!body.hasNonNull("state")) throw ApiError.missingField("Status", "state");
    if (!STATUS_STATES.contains(body.get("state").asText())) {
      throw statusError("state", "state is not included in the list");
    }
    if (body.path("description").asText("").length() > 140) {
      throw statusError("description", "description is too long (maximum is 140 characters)");
    }
  }

  private static ApiError statusError(String field, String message) {
    ApiError e = new ApiError(422, "Validation Failed");
    ObjectNode error = e.body.putArray("errors").addObject();
    error.put("resource", "Status");
    error.put("code", "custom");
    error.put("field", field);
    error.put("message", message);
    return e;
  }
}
