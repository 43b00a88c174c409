package dev.hearth.server.metrics;

import dev.hearth.server.store.HostPools;
import dev.hearth.server.store.HostRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Every host's warm pools as its last heartbeat stored them, on {@code /metrics} of every host:
 * {@code hearth_fleet_host_pools} (how many pools the host reported: 0 for a host without a pool, absent
 * for a host that never reported) and, per pool, {@code hearth_fleet_host_pool_size}, {@code _idle},
 * {@code _in_use}, {@code _refilling}, {@code _refill_failures} (since the host started) labelled
 * {@code host}, {@code provider} and {@code pool}.
 */
final class FleetPoolGauges {
  private final MultiGauge count;
  private final MultiGauge size;
  private final MultiGauge idle;
  private final MultiGauge inUse;
  private final MultiGauge refilling;
  private final MultiGauge failures;

  FleetPoolGauges(MeterRegistry registry) {
    count = MultiGauge.builder("hearth.fleet.host.pools")
        .description("warm pools the host reported at its last heartbeat (0: it has none)").register(registry);
    size = MultiGauge.builder("hearth.fleet.host.pool.size").description("ready VMs the host's pool aims for")
        .register(registry);
    idle = MultiGauge.builder("hearth.fleet.host.pool.idle").description("ready VMs waiting in the host's pool")
        .register(registry);
    inUse = MultiGauge.builder("hearth.fleet.host.pool.in.use")
        .description("VMs the host's pool handed out and that are not released").register(registry);
    refilling = MultiGauge.builder("hearth.fleet.host.pool.refilling")
        .description("allocations in progress refilling the host's pool").register(registry);
    failures = MultiGauge.builder("hearth.fleet.host.pool.refill.failures")
        .description("refill allocations of the host's pool that failed since the host started").register(registry);
  }

  void update(List<HostRecord> hosts) {
    List<MultiGauge.Row<?>> counts = new ArrayList<>();
    for (HostRecord h : hosts) {
      if (h.pool() != null && h.pool().unreadable() == null) {
        counts.add(MultiGauge.Row.of(Tags.of("host", h.hostId()), h.pool().pools().size()));
      }
    }
    count.register(counts, true);
    size.register(rows(hosts, HostPools.Pool::size), true);
    idle.register(rows(hosts, HostPools.Pool::idle), true);
    inUse.register(rows(hosts, HostPools.Pool::inUse), true);
    refilling.register(rows(hosts, HostPools.Pool::refilling), true);
    failures.register(rows(hosts, HostPools.Pool::refillFailures), true);
  }

  private static List<MultiGauge.Row<?>> rows(List<HostRecord> hosts, ToDoubleFunction<HostPools.Pool> value) {
    List<MultiGauge.Row<?>> out = new ArrayList<>();
    for (HostRecord h : hosts) {
      if (h.pool() == null) continue;
      for (HostPools.Pool p : h.pool().pools()) {
        out.add(MultiGauge.Row.of(Tags.of("host", h.hostId(), "provider", p.provider(), "pool", p.pool()),
            value.applyAsDouble(p)));
      }
    }
    return out;
  }
}
