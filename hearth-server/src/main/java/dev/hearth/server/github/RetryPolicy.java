package dev.hearth.server.github;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how long a call to GitHub is retried after a 5xx, a rate limit or a connection
 * error. Delays double from {@code firstDelay} up to {@code maxDelay} unless GitHub says how long
 * to wait ({@code Retry-After}, {@code x-ratelimit-reset}); a wait that would end past {@code
 * maxTotal} since the first attempt is not taken and the call fails instead.
 *
 * @param maxAttempts attempts in all, at least 1
 * @param maxTotal the longest a call may take from its first attempt, waits included
 * @param firstDelay the wait after the first failure
 * @param maxDelay the longest computed wait (GitHub's own waits may be longer, within {@code maxTotal})
 */
public record RetryPolicy(int maxAttempts, Duration maxTotal, Duration firstDelay, Duration maxDelay) {
  /** Five attempts within five minutes, waiting 1 s, 2 s, 4 s, 8 s unless GitHub says otherwise. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMinutes(5), Duration.ofSeconds(1),
      Duration.ofSeconds(30));
  /** One attempt, no retry. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  public RetryPolicy {
    if (maxAttempts < 1) throw new IllegalArgumentException("retry maxAttempts must be at least 1, was " + maxAttempts);
    Objects.requireNonNull(maxTotal, "maxTotal");
    Objects.requireNonNull(firstDelay, "firstDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
  }

  /** The computed wait after failed attempt {@code attempt} (1-based). */
  Duration backoff(int attempt) {
    Duration d = firstDelay;
    for (int i = 1; i < attempt && d.compareTo(maxDelay) < 0; i++) d = d.multipliedBy(2);
    return d.compareTo(maxDelay) > 0 ? maxDelay : d;
  }
}
