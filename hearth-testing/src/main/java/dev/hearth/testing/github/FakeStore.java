package dev.hearth.testing.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What the fake holds: check runs with their histories, commit statuses, installation tokens. Guarded by the fake. */
final class FakeStore {
  static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

  private final Clock clock;
  private final AtomicLong ids = new AtomicLong(4000);
  private final Map<Long, Run> checkRuns = new LinkedHashMap<>();
  private final List<FakeStatus> statuses = new ArrayList<>();
  private final List<IssuedToken> tokens = new ArrayList<>();

  FakeStore(Clock clock) {
    this.clock = clock;
  }

  /** A check run being built up by calls. */
  private static final class Run {
    final long id;
    final String owner;
    final String repo;
    final String headSha;
    String externalId;
    String detailsUrl;
    String name;
    String status = "queued";
    String conclusion;
    String startedAt;
    String completedAt;
    String title;
    String summary;
    String text;
    final List<CheckRunState> history = new ArrayList<>();
    final List<FakeAnnotation> annotations = new ArrayList<>();

    Run(long id, String owner, String repo, String headSha) {
      this.id = id;
      this.owner = owner;
      this.repo = repo;
      this.headSha = headSha;
    }

    FakeCheckRun view() {
      return new FakeCheckRun(id, owner, repo, headSha, externalId, detailsUrl, history, annotations);
    }
  }

  ObjectNode createCheckRun(String owner, String repo, JsonNode body, String baseUrl) {
    Run run = new Run(ids.incrementAndGet(), owner, repo, body.get("head_sha").asText());
    run.startedAt = now();
    checkRuns.put(run.id, run);
    apply(run, body);
    return json(run, baseUrl);
  }

  ObjectNode updateCheckRun(String owner, String repo, long id, JsonNode body, String baseUrl) throws ApiError {
    Run run = checkRuns.get(id);
    if (run == null || !run.owner.equalsIgnoreCase(owner) || !run.repo.equalsIgnoreCase(repo)) throw ApiError.notFound();
    apply(run, body);
    return json(run, baseUrl);
  }

  private void apply(Run run, JsonNode body) {
    if (body.hasNonNull("name")) run.name = body.get("name").asText();
    if (body.hasNonNull("external_id")) run.externalId = body.get("external_id").asText();
    if (body.hasNonNull("details_url")) run.detailsUrl = body.get("details_url").asText();
    if (body.hasNonNull("status")) run.status = body.get("status").asText();
    if (body.hasNonNull("started_at")) run.startedAt = body.get("started_at").asText();
    if (body.hasNonNull("conclusion")) {
      run.conclusion = body.get("conclusion").asText();
      run.status = "completed"; // GitHub: providing a conclusion sets the status to completed
    }
    if (body.hasNonNull("completed_at")) run.completedAt = body.get("completed_at").asText();
    if ("completed".equals(run.status) && run.completedAt == null) run.completedAt = now();
    JsonNode output = body.path("output");
    if (output.isObject()) {
      run.title = output.path("title").asText(null);
      run.summary = output.path("summary").asText(null);
      if (output.has("text")) run.text = output.path("text").asText(null);
      for (JsonNode a : output.path("annotations")) {
        run.annotations.add(new FakeAnnotation(a.path("path").asText(), a.path("start_line").asInt(),
            a.path("end_line").asInt(), a.has("start_column") ? a.get("start_column").asInt() : null,
            a.has("end_column") ? a.get("end_column").asInt() : null, a.path("annotation_level").asText(),
            a.path("message").asText(), a.path("title").asText(null)));
      }
    }
    run.history.add(new CheckRunState(run.name, run.status, run.conclusion, run.startedAt, run.completedAt, run.title,
        run.summary, run.text, run.annotations.size()));
  }

  private static ObjectNode json(Run run, String baseUrl) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", run.id);
    n.put("node_id", "CR_kwDO" + run.id);
    n.put("head_sha", run.headSha);
    n.put("external_id", run.externalId == null ? "" : run.externalId);
    n.put("url", baseUrl + "/repos/" + run.owner + "/" + run.repo + "/check-runs/" + run.id);
    n.put("html_url", "https://github.com/" + run.owner + "/" + run.repo + "/runs/" + run.id);
    n.put("details_url", run.detailsUrl);
    n.put("status", run.status);
    n.put("conclusion", run.conclusion);
    n.put("started_at", run.startedAt);
    n.put("completed_at", run.completedAt);
    ObjectNode output = n.putObject("output");
    output.put("title", run.title);
    output.put("summary", run.summary);
    output.put("text", run.text);
    output.put("annotations_count", run.annotations.size());
    output.put("annotations_url", baseUrl + "/repos/" + run.owner + "/" + run.repo + "/check-runs/" + run.id + "/annotations");
    n.put("name", run.name);
    n.putObject("check_suite").put("id", 5000 + run.id);
    n.putArray("pull_requests");
    return n;
  }

  /**
   * {@code GET /repos/{owner}/{repo}/commits/{ref}/check-runs} for a commit SHA: {@code check_name},
   * {@code status}, {@code filter} ({@code latest}, the default: only the most recent check run of
   * each name; or {@code all}), {@code per_page} (default 30, at most 100) and {@code page} (from 1).
   */
  ObjectNode listCheckRuns(String owner, String repo, String sha, Query query, String baseUrl) throws ApiError {
    String name = query.get("check_name");
    String status = query.get("status");
    String filter = query.getOrDefault("filter", "latest");
    if (!filter.equals("latest") && !filter.equals("all")) throw new ApiError(422, "filter is not one of latest, all");
    int perPage = Math.min(100, Math.max(1, query.intOr("per_page", 30)));
    int page = Math.max(1, query.intOr("page", 1));
    List<Run> matching = new ArrayList<>(checkRuns.values().stream()
        .filter(r -> r.owner.equalsIgnoreCase(owner) && r.repo.equalsIgnoreCase(repo) && r.headSha.equalsIgnoreCase(sha))
        .filter(r -> name == null || name.equals(r.name))
        .filter(r -> status == null || status.equals(r.status))
        .toList());
    if (filter.equals("latest")) {
      Map<String, Run> latest = new LinkedHashMap<>();
      matching.forEach(r -> latest.put(r.name, r));
      matching = new ArrayList<>(latest.values());
    }
    java.util.Collections.reverse(matching); // newest first
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("total_count", matching.size());
    var array = n.putArray("check_runs");
    matching.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(r -> array.add(json(r, baseUrl)));
    return n;
  }

  ObjectNode createStatus(String sha, JsonNode body, String baseUrl, String owner, String repo) {
    long id = ids.incrementAndGet();
    String context = body.hasNonNull("context") ? body.get("context").asText() : "default";
    FakeStatus s = new FakeStatus(id, sha, body.get("state").asText(), context, body.path("description").asText(null),
        body.path("target_url").asText(null), now());
    statuses.add(new FakeStatus(s.id(), owner + "/" + repo + "@" + sha, s.state(), s.context(), s.description(),
        s.targetUrl(), s.createdAt()));
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("url", baseUrl + "/repos/" + owner + "/" + repo + "/statuses/" + sha);
    n.put("id", id);
    n.put("node_id", "SC_kwDO" + id);
    n.put("state", s.state());
    n.put("description", s.description());
    n.put("target_url", s.targetUrl());
    n.put("context", context);
    n.put("created_at", s.createdAt());
    n.put("updated_at", s.createdAt());
    return n;
  }

  IssuedToken issueToken(long appId, long installationId) {
    String token = "ghs_" + Long.toString(ids.incrementAndGet(), 36) + "x".repeat(30);
    IssuedToken t = new IssuedToken(appId, installationId, token, clock.instant().plus(TOKEN_LIFETIME)
        .truncatedTo(ChronoUnit.SECONDS));
    tokens.add(t);
    return t;
  }

  /** The issued token with this value, if it has not expired. */
  IssuedToken liveToken(String token) {
    Instant now = clock.instant();
    return tokens.stream().filter(t -> t.token().equals(token) && now.isBefore(t.expiresAt())).findFirst().orElse(null);
  }

  List<FakeCheckRun> checkRuns(String owner, String repo) {
    return checkRuns.values().stream()
        .filter(r -> r.owner.equalsIgnoreCase(owner) && r.repo.equalsIgnoreCase(repo))
        .map(Run::view)
        .toList();
  }

  List<FakeStatus> statuses(String owner, String repo, String sha) {
    String key = owner + "/" + repo + "@" + sha;
    return statuses.stream().filter(s -> s.sha().equalsIgnoreCase(key))
        .map(s -> new FakeStatus(s.id(), sha, s.state(), s.context(), s.description(), s.targetUrl(), s.createdAt()))
        .toList();
  }

  List<IssuedToken> tokens() {
    return List.copyOf(tokens);
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
