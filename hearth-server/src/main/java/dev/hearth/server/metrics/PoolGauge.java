package dev.hearth.server.metrics;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A warm pool as {@code /metrics} sees it: its name and a way to read its figures. The server does
 * not know the pool's class (it lives with the providers); the CLI's wiring adapts each pool to this.
 *
 * @param provider the pooled provider's name ({@code microvm}); a metric label
 * @param pool the pool's name: the provider's, or the placement member's; a metric label
 * @param reading reads the figures now; cheap and thread-safe
 */
public record PoolGauge(String provider, String pool, Supplier<Reading> reading) {
  public PoolGauge {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(reading, "reading");
  }

  /**
   * One pool's figures at one moment. Counters only grow.
   *
   * @param target ready VMs the pool aims for (size × shapes)
   * @param idle ready VMs waiting
   * @param refilling allocations in progress to refill it
   * @param inUse VMs handed out and not yet released
   * @param warm allocations served from the pool
   * @param cold allocations that went to the provider (pool empty, or a shape it does not keep)
   * @param unhealthy pooled VMs that failed a health check and were replaced
   * @param refillFailures refill allocations that failed
   * @param warmTakeNanos the time all warm allocations took, summed
   * @param coldTakeNanos the time all cold allocations took, summed
   */
  public record Reading(int target, int idle, int refilling, int inUse, long warm, long cold, long unhealthy,
      long refillFailures, long warmTakeNanos, long coldTakeNanos) {}
}
