package dev.hearth.vm.pool;

import dev.hearth.vm.VmSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link WarmPool} behaves.
 *
 * @param size ready VMs kept per shape ({@code pool.size}); 0 turns the pool off (every allocation is cold)
 * @param shapes the shapes kept warm from the start
 * @param learnShapes also keep warm every other shape once it has been allocated (cold) the first
 *     time; otherwise specs of other shapes are always allocated cold
 * @param healthTimeout how long the health check (a {@code true} in the VM) may take
 * @param recheckAfter a VM idle longer than this is checked again before it is handed out; {@link
 *     Duration#ZERO} checks at every hand-out (one exec round trip more per allocation)
 * @param firstBackoff the wait after a failed refill; doubled after each further failure in a row
 * @param maxBackoff the longest wait between refill attempts
 */
public record PoolSettings(
    int size, List<Shape> shapes, boolean learnShapes, Duration healthTimeout, Duration recheckAfter, Duration firstBackoff, Duration maxBackoff) {

  public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RECHECK_AFTER = Duration.ofSeconds(10);
  public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);

  public PoolSettings {
    if (size < 0) throw new IllegalArgumentException("pool.size must be 0 or more, got " + size);
    shapes = List.copyOf(shapes);
    requirePositive("healthTimeout", healthTimeout);
    if (recheckAfter.isNegative()) throw new IllegalArgumentException("recheckAfter must not be negative, got " + recheckAfter);
    requirePositive("firstBackoff", firstBackoff);
    requirePositive("maxBackoff", maxBackoff);
    if (maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must not be shorter than firstBackoff (" + firstBackoff + ")");
    }
  }

  /** {@code size} VMs of each of {@code specs}' shapes, with the default timings. */
  public static PoolSettings of(int size, VmSpec... specs) {
    return new PoolSettings(size, java.util.Arrays.stream(specs).map(Shape::of).distinct().toList(), false,
        DEFAULT_HEALTH_TIMEOUT, DEFAULT_RECHECK_AFTER, DEFAULT_FIRST_BACKOFF, DEFAULT_MAX_BACKOFF);
  }

  /**
   * {@code size} VMs of every shape once it has been allocated the first time (that allocation is
   * cold), with the default timings: for callers that cannot know the shapes ahead, such as
   * {@code hearth run}, whose {@code runs-on} labels are expressions.
   */
  public static PoolSettings learning(int size) {
    return new PoolSettings(size, List.of(), true, DEFAULT_HEALTH_TIMEOUT, DEFAULT_RECHECK_AFTER, DEFAULT_FIRST_BACKOFF,
        DEFAULT_MAX_BACKOFF);
  }

  public PoolSettings withRecheckAfter(Duration value) {
    return new PoolSettings(size, shapes, learnShapes, healthTimeout, value, firstBackoff, maxBackoff);
  }

  public PoolSettings withBackoff(Duration first, Duration max) {
    return new PoolSettings(size, shapes, learnShapes, healthTimeout, recheckAfter, first, max);
  }

  public PoolSettings withHealthTimeout(Duration value) {
    return new PoolSettings(size, shapes, learnShapes, value, recheckAfter, firstBackoff, maxBackoff);
  }

  private static void requirePositive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, got " + d);
  }

  /** The wait after {@code failures} failed refills in a row (at least 1). */
  Duration backoff(int failures) {
    Duration d = firstBackoff;
    for (int i = 1; i < failures && d.compareTo(maxBackoff) < 0; i++) d = d.multipliedBy(2);
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
