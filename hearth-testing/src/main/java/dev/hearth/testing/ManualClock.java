package dev.hearth.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it, so code that reads time (timeouts, leases,
 * retries) can be tested without sleeping.
 *
 * <p>Thread-safe. Clocks made by {@link #withZone} share this clock's time: advancing one advances
 * all.
 */
public final class ManualClock extends Clock {
  /** Where {@link #ManualClock()} starts: a fixed, recognisable instant. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  /** A clock at {@link #DEFAULT_START} in UTC. */
  public ManualClock() {
    this(DEFAULT_START);
  }

  /** A clock at {@code start} in UTC. */
  public ManualClock(Instant start) {
    this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** Moves the time forward by {@code amount} (not negative) and returns the new time. */
  public Instant advance(Duration amount) {
    if (amount.isNegative()) throw new IllegalArgumentException("a manual clock does not go back: " + amount);
    return now.updateAndGet(t -> t.plus(amount));
  }

  /** Sets the time; going back is allowed here, for tests of clocks that jump. */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    return new ManualClock(now, newZone);
  }

  @Override
  public String toString() {
    return "ManualClock[" + instant() + ", " + zone + "]";
  }
}
