package dev.hearth.server.github;

import java.util.List;

/**
 * A call to GitHub's API that did not succeed: GitHub refused it (4xx other than a rate limit), or
 * it kept failing until the retries ran out. The message names the call, the status and what
 * GitHub said ({@code message} and each of {@code errors}).
 */
public final class GitHubApiException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String call;
  private final String githubMessage;
  private final List<String> errors;

  GitHubApiException(String call, int status, String githubMessage, List<String> errors, int attempts, Throwable cause) {
    super(describe(call, status, githubMessage, errors, attempts), cause);
    this.status = status;
    this.call = call;
    this.githubMessage = githubMessage;
    this.errors = List.copyOf(errors);
  }

  private static String describe(String call, int status, String message, List<String> errors, int attempts) {
    StringBuilder s = new StringBuilder(call).append(": ");
    s.append(status == 0 ? "no response" : "GitHub answered " + status);
    if (message != null && !message.isBlank()) s.append(" \"").append(message).append('"');
    if (!errors.isEmpty()) s.append(" ").append(errors);
    if (attempts > 1) s.append(" after ").append(attempts).append(" attempts");
    return s.toString();
  }

  /** The HTTP status, or 0 when no response came (connection error). */
  public int status() {
    return status;
  }

  /** The call, as {@code POST /repos/o/r/check-runs}. */
  public String call() {
    return call;
  }

  /** GitHub's {@code message}, or null. */
  public String githubMessage() {
    return githubMessage;
  }

  /** GitHub's {@code errors}, each as one line. */
  public List<String> errors() {
    return errors;
  }
}
