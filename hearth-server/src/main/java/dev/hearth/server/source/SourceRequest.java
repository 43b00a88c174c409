package dev.hearth.server.source;

/**
 * The commit an event is about, as the payload tells it.
 *
 * @param repository {@code owner/name}
 * @param cloneUrl the payload's {@code repository.clone_url} (used unless a base URL is configured)
 * @param sha the commit, or null when the event names only a ref ({@code workflow_dispatch})
 * @param ref the ref it is on ({@code refs/heads/main}), or null
 * @param pullNumber the pull request's number, to fetch {@code refs/pull/N/head}; null otherwise
 * @param before the commit a push moved the branch from, to list the changed files; null when unknown
 */
public record SourceRequest(String repository, String cloneUrl, String sha, String ref, Integer pullNumber, String before) {}
