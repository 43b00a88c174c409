package dev.hearth.server.github;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads how long GitHub wants a client to wait, as its REST documentation describes ("Rate limits
 * for the REST API"): {@code Retry-After} seconds on a secondary rate limit, or {@code
 * x-ratelimit-remaining: 0} with {@code x-ratelimit-reset} (epoch seconds) on the primary one, and
 * a minute for a 429, or a 403 whose message speaks of a rate limit, that names no wait. Any other
 * 403 (no permission) is final.
 */
final class RateLimits {
  /** Waiting on a rate limit without any header saying how long: GitHub advises at least a minute. */
  static final Duration UNSPECIFIED = Duration.ofMinutes(1);

  private RateLimits() {}

  /**
   * How long to wait before retrying {@code response}: GitHub's own wait, {@link #BACKOFF} for a 5xx
   * that names none (the caller's policy decides), or null when it must not be retried.
   */
  static Duration retryDelay(HttpResponse<?> response, Instant now, String message) {
    int status = response.statusCode();
    Optional<Duration> retryAfter = response.headers().firstValue("retry-after").flatMap(RateLimits::seconds);
    if (status >= 500) return retryAfter.orElse(BACKOFF);
    if (status != 403 && status != 429) return null;
    if (retryAfter.isPresent()) return retryAfter.get();
    boolean exhausted = response.headers().firstValue("x-ratelimit-remaining").map("0"::equals).orElse(false);
    if (exhausted) {
      return response.headers().firstValue("x-ratelimit-reset").flatMap(RateLimits::epochSeconds)
          .map(reset -> reset.isAfter(now) ? Duration.between(now, reset).plusSeconds(1) : Duration.ofSeconds(1))
          .orElse(UNSPECIFIED);
    }
    boolean rateLimited = status == 429 || (message != null && message.toLowerCase(java.util.Locale.ROOT).contains("rate limit"));
    return rateLimited ? UNSPECIFIED : null;
  }

  /** Marks "retry after the policy's own backoff". */
  static final Duration BACKOFF = Duration.ofNanos(-1);

  private static Optional<Duration> seconds(String value) {
    try {
      long s = Long.parseLong(value.trim());
      return s < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(s));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> epochSeconds(String value) {
    try {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
