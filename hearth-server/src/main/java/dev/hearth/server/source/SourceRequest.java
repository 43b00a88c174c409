package dev.hearth.server.source;

/**
 * The commit an event is about, as the payload tells it.
 *
 * @param repository {@code owner/name}
 * @param cloneUrl the payload's {@code repository.clone_url} (used unless a base URL is configured)
 * @param sha the commit, or null when the event names only a ref ({@code workflow_dispatch}) or when
 *     the ref decides (a pull request's merge ref without {@code merge_commit_sha}, the base branch of
 *     a {@code pull_request_target})
 * @param ref the ref it is on ({@code refs/heads/main}, {@code refs/pull/2/merge}), or null; a
 *     branch, tag or pull request ref is what is fetched first, and the checkout has it as
 *     {@code actions/checkout} leaves it ({@link CheckoutRefs})
 * @param pullNumber the pull request's number, to fetch {@code refs/pull/N/head}; null otherwise
 * @param before the commit a push moved the branch from, to list the changed files; null when unknown
 * @param fallbackSha the commit to run at when {@code ref} cannot be fetched (a pull request's head
 *     when its merge ref is gone), with the reason logged; null for none
 * @param baseBranch a pull request's base branch ({@code main}): fetched with the commit and in the
 *     checkout as {@code origin/main}; null otherwise
 */
public record SourceRequest(String repository, String cloneUrl, String sha, String ref, Integer pullNumber, String before,
    String fallbackSha, String baseBranch) {

  /** A request without a fallback. */
  public SourceRequest(String repository, String cloneUrl, String sha, String ref, Integer pullNumber, String before) {
    this(repository, cloneUrl, sha, ref, pullNumber, before, null, null);
  }

  /** A request without a base branch. */
  public SourceRequest(String repository, String cloneUrl, String sha, String ref, Integer pullNumber, String before,
      String fallbackSha) {
    this(repository, cloneUrl, sha, ref, pullNumber, before, fallbackSha, null);
  }

}
