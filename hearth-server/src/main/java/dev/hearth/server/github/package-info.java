/**
 * Reporting runs back to GitHub over its REST API: a check run per job (or commit statuses), with
 * summaries from {@code GITHUB_STEP_SUMMARY} and annotations from workflow commands.
 *
 * <ul>
 *   <li>{@link dev.hearth.server.github.GitHubReporter}: makes the {@link dev.hearth.engine.RunListener}
 *       for one run ({@link dev.hearth.server.github.GitHubReporter#forRun}); reporting never blocks
 *       or fails the run.
 *   <li>{@link dev.hearth.server.github.GitHubClient}: JSON over {@code java.net.http}, with GitHub's
 *       headers and retries on 5xx, rate limits and connection errors ({@link
 *       dev.hearth.server.github.RetryPolicy}); time through an injected clock and {@link
 *       dev.hearth.server.github.Sleeper}.
 *   <li>{@link dev.hearth.server.github.GitHubAuth}: a token, or a GitHub App whose JWT is exchanged
 *       for installation tokens that are cached until shortly before they expire.
 *   <li>{@link dev.hearth.server.github.CheckRuns} and {@link dev.hearth.server.github.CommitStatuses}:
 *       the two endpoints, shaped as GitHub documents them.
 * </ul>
 */
package dev.hearth.server.github;
