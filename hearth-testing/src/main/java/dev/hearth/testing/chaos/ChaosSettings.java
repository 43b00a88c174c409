package dev.hearth.testing.chaos;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link ChaosVmProvider} injects: the {@link Odds} of each operation, the seed of its random
 * choices, and how long a hang lasts at most before it gives up on being rescued.
 *
 * @param odds per operation; a missing operation never fails
 * @param seed the seed of every random choice (print it when a soak fails)
 * @param hangLimit the longest a {@link Fault#HANG} blocks when nothing interrupts it
 */
public record ChaosSettings(Map<Operation, Odds> odds, long seed, Duration hangLimit) {

  public ChaosSettings {
    Map<Operation, Odds> copy = new EnumMap<>(Operation.class);
    copy.putAll(odds);
    for (Operation op : Operation.values()) copy.putIfAbsent(op, Odds.NONE);
    if (copy.get(Operation.ALLOCATE).lose() > 0 || copy.get(Operation.RELEASE).lose() > 0) {
      throw new IllegalArgumentException("allocate and release cannot lose a VM (there is none yet, or no longer)");
    }
    odds = Map.copyOf(copy);
    Objects.requireNonNull(hangLimit, "hangLimit");
    if (hangLimit.isNegative() || hangLimit.isZero()) throw new IllegalArgumentException("hangLimit must be positive");
  }

  /** No faults at all, seed {@code seed}, hangs limited to ten seconds. */
  public static ChaosSettings none(long seed) {
    return new ChaosSettings(Map.of(), seed, Duration.ofSeconds(10));
  }

  /** These settings with {@code operation} at {@code value}. */
  public ChaosSettings with(Operation operation, Odds value) {
    Map<Operation, Odds> next = new EnumMap<>(odds);
    next.put(operation, value);
    return new ChaosSettings(next, seed, hangLimit);
  }

  public ChaosSettings withHangLimit(Duration limit) {
    return new ChaosSettings(odds, seed, limit);
  }

  public Odds of(Operation operation) {
    return odds.get(operation);
  }
}
