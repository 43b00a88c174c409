package dev.hearth.server.fleet;

import dev.hearth.server.metrics.PoolGauge;
import dev.hearth.server.store.HostPools;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads this host's warm pools for its heartbeat: each pool's figures now, and how many refills failed
 * since the previous report ("recent"), so {@code hearth fleet} can tell a pool failing now from one
 * that failed once an hour ago. Not thread-safe: the heartbeat calls it from one thread.
 */
public final class PoolReporter {
  private final List<PoolGauge> pools;
  private final Map<String, Long> lastFailures = new HashMap<>();

  public PoolReporter(List<PoolGauge> pools) {
    this.pools = List.copyOf(pools);
  }

  /** A reporter for a host without pools. */
  public static PoolReporter none() {
    return new PoolReporter(List.of());
  }

  /** The pools' state now. */
  public HostPools report() {
    List<HostPools.Pool> out = new ArrayList<>();
    for (PoolGauge g : pools) {
      PoolGauge.Reading r = g.reading().get();
      String key = g.provider() + "/" + g.pool();
      long before = lastFailures.getOrDefault(key, 0L);
      lastFailures.put(key, r.refillFailures());
      out.add(new HostPools.Pool(g.provider(), g.pool(), r.target(), r.idle(), r.inUse(), r.refilling(), r.refillFailures(),
          Math.max(0, r.refillFailures() - before)));
    }
    return HostPools.of(out);
  }
}
