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
