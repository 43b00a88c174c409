package dev.hearth.server.github;

import java.util.List;
import java.util.Objects;

/**
 * GitHub's check runs endpoints: {@code POST /repos/{owner}/{repo}/check-runs} and {@code PATCH
 * /repos/{owner}/{repo}/check-runs/{id}}. GitHub takes at most {@value #ANNOTATIONS_PER_REQUEST}
 * annotations per request and appends those of each update, so more are sent in further PATCHes
 * before the one that carries the status change; a check run is never seen completed while its
 * annotations are still arriving.
 */
public final class CheckRuns {
  public static final int ANNOTATIONS_PER_REQUEST = 50;
  /** How many pages {@link #find} reads at most. */
  static final int FIND_PAGES = 10;

  private final GitHubClient client;
  private final GitHubAuth auth;

  public CheckRuns(GitHubClient client, GitHubAuth auth) {
    this.client = Objects.requireNonNull(client, "client");
    this.auth = Objects.requireNonNull(auth, "auth");
  }

  /** Creates a check run ({@code name} and {@code headSha} required) and returns its id. */
  public long create(GitHubRepo repo, long installationId, CheckRunFields fields)
      throws GitHubApiException, InterruptedException {
    Objects.requireNonNull(fields.name(), "a check run needs a name");
    Objects.requireNonNull(fields.headSha(), "a check run needs a head_sha");
    List<List<CheckAnnotation>> batches = batches(fields.output());
    CheckRunFields first = batches.size() <= 1 ? fields : fields.withOutput(fields.output().withAnnotations(batches.get(0)));
    String path = repo.path() + "/check-runs";
    long id = client.call("POST", path, first.toJson(true), auth.authorization(installationId)).path("id").asLong(0);
    if (id == 0) {
      throw new GitHubApiException("POST " + path, 201, "the answer has no check run id", List.of(), 1, null);
    }
    for (int i = 1; i < batches.size(); i++) {
      patch(repo, installationId, id, CheckRunFields.outputOnly(fields.output().withAnnotations(batches.get(i))));
    }
    return id;
  }

  /**
   * The id of the check run on commit {@code sha} named {@code name} whose {@code external_id} is
   * {@code externalId}, if there is one: {@code GET /repos/{owner}/{repo}/commits/{sha}/check-runs}
   * with {@code check_name} and {@code filter=all}, up to {@value #FIND_PAGES} pages of 100.
   */
  public java.util.Optional<Long> find(GitHubRepo repo, long installationId, String sha, String name, String externalId)
      throws GitHubApiException, InterruptedException {
    String query = "?check_name=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
        + "&filter=all&per_page=100&page=";
    for (int page = 1; page <= FIND_PAGES; page++) {
      var answer = client.call("GET", repo.path() + "/commits/" + sha + "/check-runs" + query + page, null,
          auth.authorization(installationId));
      var runs = answer.path("check_runs");
      for (var run : runs) {
        if (externalId.equals(run.path("external_id").asText(null))) return java.util.Optional.of(run.path("id").asLong());
      }
      if (runs.size() < 100) break;
    }
    return java.util.Optional.empty();
  }

  /** Updates check run {@code id}; annotations beyond the first 50 go in PATCHes before this one. */
  public void update(GitHubRepo repo, long installationId, long id, CheckRunFields fields)
      throws GitHubApiException, InterruptedException {
    List<List<CheckAnnotation>> batches = batches(fields.output());
    for (int i = 0; i < batches.size() - 1; i++) {
      patch(repo, installationId, id, CheckRunFields.outputOnly(fields.output().withAnnotations(batches.get(i))));
    }
    CheckRunFields last = batches.size() <= 1 ? fields
        : fields.withOutput(fields.output().withAnnotations(batches.get(batches.size() - 1)));
    patch(repo, installationId, id, last);
  }

  private void patch(GitHubRepo repo, long installationId, long id, CheckRunFields fields)
      throws GitHubApiException, InterruptedException {
    client.call("PATCH", repo.path() + "/check-runs/" + id, fields.toJson(false), auth.authorization(installationId));
  }

  private static List<List<CheckAnnotation>> batches(CheckRunOutput output) {
    if (output == null || output.annotations().isEmpty()) return List.of();
    List<CheckAnnotation> all = output.annotations();
    int n = (all.size() + ANNOTATIONS_PER_REQUEST - 1) / ANNOTATIONS_PER_REQUEST;
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(i -> all.subList(i * ANNOTATIONS_PER_REQUEST, Math.min(all.size(), (i + 1) * ANNOTATIONS_PER_REQUEST)))
        .toList();
  }
}
