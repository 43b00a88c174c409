package dev.hearth.cli;

import dev.hearth.engine.quota.QuotaException;
import dev.hearth.engine.quota.QuotaResolver;
import dev.hearth.server.config.VmsConfig;
import dev.hearth.server.metrics.PoolGauge;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.VmSpec;
import dev.hearth.vm.placement.Member;
import dev.hearth.vm.placement.PlacedProvider;
import dev.hearth.vm.placement.Placement;
import dev.hearth.vm.pool.PoolSettings;
import dev.hearth.vm.pool.PoolStats;
import dev.hearth.vm.pool.Shape;
import dev.hearth.vm.pool.WarmPool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the one {@link VmProvider} a command runs on from its configuration: the provider named by
 * {@code provider} — or, with {@code members:}, a {@link PlacedProvider} over one provider instance per
 * member under the {@code placement} strategy — each behind a {@link WarmPool} when its
 * {@code pool.size} is above 0. Shared by {@code hearth serve} and {@code hearth run}.
 */
final class VmWiring {
  /** The name of the provider placement makes over the members. */
  static final String PLACED = "placed";

  /**
   * What was built.
   *
   * @param provider the provider to run on; the caller closes it (which closes pools and members)
   * @param lines one short line per choice made, for the command's output ({@code provider auto → …})
   * @param details the probes' full answers behind those choices, for {@code --verbose}
   * @param pools every warm pool, for metrics
   * @param bases the providers themselves, without pools and placement (for reapers)
   */
  record Wired(VmProvider provider, List<String> lines, List<String> details, List<PoolGauge> pools, List<VmProvider> bases) {}

  private VmWiring() {}

  /**
   * @param provider the {@code provider} setting (used when there are no members)
   * @throws IllegalStateException when a provider does not work here (naming it and why)
   */
  static Wired open(String provider, VmsConfig vms, Clock clock) {
    List<String> lines = new ArrayList<>();
    List<String> details = new ArrayList<>();
    List<PoolGauge> pools = new ArrayList<>();
    if (vms.members().isEmpty()) {
      Providers.Choice choice = Providers.open(provider);
      lines.add(choice.why());
      details.addAll(choice.details());
      VmProvider p = pooled(choice.provider(), choice.provider().name(), vms.pool(), vms, clock, lines, pools);
      return new Wired(p, lines, details, pools, List.of(choice.provider()));
    }
    List<Member> members = new ArrayList<>();
    List<VmProvider> bases = new ArrayList<>();
    try {
      for (VmsConfig.Member m : vms.members()) {
        Providers.Choice choice = Providers.open(m.provider());
        bases.add(choice.provider());
        lines.add("member " + m.name() + (m.labels().isEmpty() ? "" : " " + m.labels()) + ": " + choice.why());
        choice.details().forEach(d -> details.add("member " + m.name() + ": " + d));
        members.add(new Member(m.name(), pooled(choice.provider(), m.name(), m.pool(), vms, clock, lines, pools),
            Set.copyOf(m.labels())));
      }
    } catch (RuntimeException e) {
      members.forEach(m -> m.provider().close());
      throw e;
    }
    Placement placement = Placement.parse(vms.placement());
    lines.add("placement " + placement.configName() + " over " + members.size() + " members");
    return new Wired(new PlacedProvider(PLACED, placement, members), lines, details, pools, bases);
  }

  private static VmProvider pooled(VmProvider provider, String poolName, VmsConfig.Pool pool, VmsConfig vms, Clock clock,
      List<String> lines, List<PoolGauge> pools) {
    if (pool.size() == 0) return provider;
    List<Shape> shapes = new ArrayList<>();
    QuotaResolver resolver = new QuotaResolver(vms.quotas().withoutCaps());
    for (List<String> labels : pool.labels()) {
      try {
        VmSpec spec = resolver.resolve(labels, "").spec(labels, Map.of());
        shapes.add(Shape.of(spec));
      } catch (QuotaException e) {
        provider.close();
        throw new IllegalStateException("pool " + poolName + ": " + e.getMessage(), e); // validated with the configuration
      }
    }
    PoolSettings settings = new PoolSettings(pool.size(), shapes.stream().distinct().toList(), true,
        PoolSettings.DEFAULT_HEALTH_TIMEOUT, PoolSettings.DEFAULT_RECHECK_AFTER, PoolSettings.DEFAULT_FIRST_BACKOFF,
        PoolSettings.DEFAULT_MAX_BACKOFF);
    WarmPool warm = WarmPool.start(provider, settings, clock);
    lines.add("pool " + poolName + ": " + pool.size() + " ready VMs per shape"
        + (pool.labels().isEmpty() ? ", each shape from its first run on" : ", warm now for " + pool.labels()));
    pools.add(new PoolGauge(provider.name(), poolName, () -> reading(warm)));
    return warm;
  }

  private static PoolGauge.Reading reading(WarmPool pool) {
    PoolStats s = pool.stats();
    return new PoolGauge.Reading(s.target(), s.idle(), s.refilling(), s.inUse(), s.warm(), s.cold(), s.unhealthy(),
        s.refillFailures(), pool.warmTakeNanos(), pool.coldTakeNanos());
  }
}
