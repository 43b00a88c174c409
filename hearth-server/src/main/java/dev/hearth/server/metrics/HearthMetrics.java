package dev.hearth.server.metrics;

import dev.hearth.engine.RunEvent;
import dev.hearth.engine.RunListener;
import dev.hearth.engine.SessionManager;
import dev.hearth.server.store.Fleet;
import dev.hearth.server.store.HostRecord;
import dev.hearth.server.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hearth's metrics in one Micrometer registry, scraped as Prometheus text at {@code /metrics}. Labels
 * are of low cardinality only: provider, pool, result, event, outcome — never a run, job or VM id.
 */
public final class HearthMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final String provider;
  private volatile Runnable beforeScrape = () -> { };

  /** Registers the gauges read from the engine's sessions and the store's queue. */
  public HearthMetrics(SessionManager sessions, Store store) {
    this.provider = sessions.providerName();
    Gauge.builder("hearth.sessions.active", sessions, SessionManager::openSessions)
        .description("VM sessions open now").register(registry);
    Gauge.builder("hearth.sessions.waiting", sessions, SessionManager::waiting)
        .description("runs waiting for a session slot").register(registry);
    Gauge.builder("hearth.sessions.max", sessions, SessionManager::maxSessions)
        .description("the max-sessions limit").register(registry);
    Gauge.builder("hearth.queue.depth", store, s -> safely(s::queuedCount))
        .description("runs queued in the store").register(registry);
  }

  /**
   * Registers per-host gauges of the fleet, read from the store at each scrape: heartbeat age,
   * sessions active and max, leases held, whether the host is alive, and its pools as its last
   * heartbeat reported them ({@link FleetPoolGauges}), labelled by host id (a fleet has few hosts).
   */
  public void fleet(Fleet fleet, java.time.Clock clock) {
    MultiGauge heartbeat = MultiGauge.builder("hearth.fleet.host.heartbeat.age").baseUnit("seconds")
        .description("seconds since the host's last heartbeat").register(registry);
    MultiGauge active = MultiGauge.builder("hearth.fleet.host.sessions.active")
        .description("sessions the host had open at its last heartbeat").register(registry);
    MultiGauge max = MultiGauge.builder("hearth.fleet.host.sessions.max").description("the host's max-sessions")
        .register(registry);
    MultiGauge leases = MultiGauge.builder("hearth.fleet.host.leases").description("runs the host holds a lease on")
        .register(registry);
    MultiGauge alive = MultiGauge.builder("hearth.fleet.host.alive")
        .description("1 while the host's heartbeat is younger than its lease, else 0").register(registry);
    FleetPoolGauges pools = new FleetPoolGauges(registry);
    beforeScrape = () -> {
      try {
        List<HostRecord> hosts = fleet.hosts();
        java.time.Instant now = clock.instant();
        heartbeat.register(rows(hosts, h -> java.time.Duration.between(h.heartbeatAt(), now).toMillis() / 1000.0), true);
        active.register(rows(hosts, HostRecord::sessionsActive), true);
        max.register(rows(hosts, HostRecord::sessionsMax), true);
        leases.register(rows(hosts, HostRecord::leases), true);
        alive.register(rows(hosts, h -> h.aliveAt(now) ? 1 : 0), true);
        pools.update(hosts);
      } catch (RuntimeException e) {
        // the store does not answer: the gauges keep their last values; /readyz says why
      }
    };
  }

  private static List<MultiGauge.Row<?>> rows(List<HostRecord> hosts, java.util.function.ToDoubleFunction<HostRecord> value) {
    return hosts.stream().<MultiGauge.Row<?>>map(h -> MultiGauge.Row.of(Tags.of("host", h.hostId()), value.applyAsDouble(h)))
        .toList();
  }

  /**
   * Registers the figures of each warm pool, labelled by provider and pool name: {@code hearth_pool_size},
   * {@code hearth_pool_idle}, {@code hearth_pool_in_use}, {@code hearth_pool_refilling} (gauges),
   * {@code hearth_pool_refill_failures_total}, {@code hearth_pool_unhealthy_total} (counters) and
   * {@code hearth_pool_take_seconds} (count and sum of allocations through the pool, by {@code how}:
   * warm or cold).
   */
  public void pools(java.util.List<PoolGauge> pools) {
    for (PoolGauge p : pools) {
      gauge("hearth.pool.size", "ready VMs the pool aims for", p, r -> r.target());
      gauge("hearth.pool.idle", "ready VMs waiting in the pool", p, r -> r.idle());
      gauge("hearth.pool.in.use", "VMs handed out by the pool and not yet released", p, r -> r.inUse());
      gauge("hearth.pool.refilling", "allocations in progress refilling the pool", p, r -> r.refilling());
      FunctionCounter.builder("hearth.pool.refill.failures", p, g -> g.reading().get().refillFailures())
          .description("refill allocations that failed").tag("provider", p.provider()).tag("pool", p.pool()).register(registry);
      FunctionCounter.builder("hearth.pool.unhealthy", p, g -> g.reading().get().unhealthy())
          .description("pooled VMs that failed a health check and were replaced")
          .tag("provider", p.provider()).tag("pool", p.pool()).register(registry);
      take(p, "warm", PoolGauge.Reading::warm, PoolGauge.Reading::warmTakeNanos);
      take(p, "cold", PoolGauge.Reading::cold, PoolGauge.Reading::coldTakeNanos);
    }
  }

  private void gauge(String name, String description, PoolGauge p, java.util.function.ToIntFunction<PoolGauge.Reading> value) {
    Gauge.builder(name, p, g -> value.applyAsInt(g.reading().get())).description(description)
        .tag("provider", p.provider()).tag("pool", p.pool()).register(registry);
  }

  private void take(PoolGauge p, String how, java.util.function.ToLongFunction<PoolGauge.Reading> count,
      java.util.function.ToLongFunction<PoolGauge.Reading> nanos) {
    FunctionTimer.builder("hearth.pool.take", p, g -> count.applyAsLong(g.reading().get()),
            g -> nanos.applyAsLong(g.reading().get()), java.util.concurrent.TimeUnit.NANOSECONDS)
        .description("allocations through the pool and the time they took: warm (a ready VM) or cold (a boot)")
        .tag("provider", p.provider()).tag("pool", p.pool()).tag("how", how).register(registry);
  }

  private static double safely(java.util.function.IntSupplier value) {
    try {
      return value.getAsInt();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    beforeScrape.run();
    return registry.scrape();
  }

  /** Counts one webhook delivery by its event ({@code unknown} when absent) and outcome (the status answered). */
  public void webhook(String event, int status) {
    String known = event == null || !event.matches("[a-z_]{1,40}") ? "unknown" : event;
    Counter.builder("hearth.webhook.deliveries").description("webhook deliveries by event and outcome")
        .tag("event", known).tag("outcome", outcome(status)).tag("status", String.valueOf(status))
        .register(registry).increment();
  }

  private static String outcome(int status) {
    return switch (status) {
      case 202 -> "accepted";
      case 200 -> "answered";
      case 401 -> "unauthorized";
      case 413 -> "too_large";
      default -> status >= 500 ? "error" : "refused";
    };
  }

  /** The listener that measures one run: its VMs, jobs, steps and result. */
  public RunListener forRun() {
    Map<String, String> providers = new ConcurrentHashMap<>();
    return event -> {
      switch (event) {
        case RunEvent.VmAllocated e -> {
          providers.put(e.vmId(), e.provider());
          Counter.builder("hearth.vm.allocations").tag("provider", e.provider()).register(registry).increment();
          Timer.builder("hearth.vm.allocation.latency").description("time to allocate a VM").tag("provider", e.provider())
              .publishPercentileHistogram().register(registry).record(e.took());
        }
        case RunEvent.VmReleased e -> Counter.builder("hearth.vm.releases")
            .tag("provider", providers.getOrDefault(e.vmId(), "unknown")).register(registry).increment();
        case RunEvent.StepFinished e -> Timer.builder("hearth.step.duration").tag("result", e.conclusion().githubName())
            .register(registry).record(e.duration());
        case RunEvent.JobFinished e -> Timer.builder("hearth.job.duration").tag("result", e.result().githubName())
            .register(registry).record(e.duration());
        case RunEvent.RunFinished e -> {
          Timer.builder("hearth.run.duration").tag("result", e.result().githubName()).register(registry).record(e.duration());
          if (providers.isEmpty() && !e.result().githubName().equals("cancelled")) {
            Counter.builder("hearth.vm.allocation.failures").description("runs that ended without getting a VM")
                .tag("provider", provider).register(registry).increment();
          }
        }
        default -> { }
      }
    };
  }
}
