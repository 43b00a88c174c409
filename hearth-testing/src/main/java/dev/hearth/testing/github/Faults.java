package dev.hearth.testing.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** Failures the fake answers the next calls with, in the order they were asked for. Thread-safe. */
final class Faults {
  /** One injected answer. */
  record Fault(int status, String message, Duration retryAfter, Instant rateLimitReset) {}

  private final Deque<Fault> pending = new ArrayDeque<>();

  synchronized void add(int times, Fault fault) {
    for (int i = 0; i < times; i++) pending.addLast(fault);
  }

  synchronized Fault next() {
    return pending.pollFirst();
  }

  synchronized int remaining() {
    return pending.size();
  }

  static Fault serverError(int status) {
    return new Fault(status, status == 502 ? "Bad Gateway" : "Server Error", null, null);
  }

  static Fault secondaryRateLimit(int status, Duration retryAfter) {
    return new Fault(status, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        retryAfter, null);
  }

  static Fault primaryRateLimit(Instant reset) {
    return new Fault(403, "API rate limit exceeded for installation.", null, reset);
  }

  static String resetHeader(Clock clock) {
    return String.valueOf(clock.instant().plus(Duration.ofHours(1)).getEpochSecond());
  }
}
