package dev.hearth.server.config;

import dev.hearth.engine.quota.QuotaPolicy;
import java.util.List;
import java.util.Objects;

/**
 * How {@code hearth serve} makes VMs, beyond the provider's name: quotas, the warm pool and placement
 * over several provider instances (configuration keys {@code quotas}, {@code pool}, {@code placement},
 * {@code members}; see docs/serve.md). Validated by {@link VmsConfigFile}; the CLI's wiring builds the
 * providers from it.
 *
 * @param quotas what each run's VM may use
 * @param pool the warm pool of the single {@code provider}, and the default of members without their own
 * @param placement how to choose among {@code members}: one of {@link #PLACEMENTS}
 * @param members provider instances serving labels; empty: the single {@code provider} serves everything
 */
public record VmsConfig(QuotaPolicy quotas, Pool pool, String placement, List<Member> members) {
  /** The strategies {@code placement} takes (the CLI maps them onto hearth-vm's {@code Placement}). */
  public static final List<String> PLACEMENTS = List.of("round-robin", "least-loaded", "lru");
  public static final String DEFAULT_PLACEMENT = "least-loaded";
  /** Nothing configured: no quotas beyond the label convention, no pool, one provider. */
  public static final VmsConfig NONE = new VmsConfig(QuotaPolicy.NONE, Pool.NONE, DEFAULT_PLACEMENT, List.of());

  public VmsConfig {
    Objects.requireNonNull(quotas, "quotas");
    Objects.requireNonNull(pool, "pool");
    if (!PLACEMENTS.contains(placement)) throw new IllegalArgumentException("placement: expected one of " + PLACEMENTS);
    members = List.copyOf(members);
  }

  /**
   * A warm pool ({@code pool:}).
   *
   * @param size ready VMs kept per shape; 0: no pool
   * @param labels the {@code runs-on} label sets kept warm from the start (each resolved through the
   *     quotas into a shape); other shapes are kept warm from their first, cold, allocation on
   */
  public record Pool(int size, List<List<String>> labels) {
    public static final Pool NONE = new Pool(0, List.of());

    public Pool {
      if (size < 0) throw new IllegalArgumentException("pool.size must not be negative");
      labels = labels.stream().map(List::copyOf).toList();
    }
  }

  /**
   * One provider instance ({@code members:} item).
   *
   * @param name names it in logs, errors and metrics
   * @param provider a registered provider's name
   * @param labels the {@code runs-on} labels it serves (a run goes to members having all of its
   *     labels); empty: every label
   * @param pool its warm pool
   */
  public record Member(String name, String provider, List<String> labels, Pool pool) {
    public Member {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(provider, "provider");
      labels = List.copyOf(labels);
      Objects.requireNonNull(pool, "pool");
    }
  }
}
