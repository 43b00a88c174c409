package dev.hearth.server.fleet;

import dev.hearth.server.config.FleetSettings;
import dev.hearth.server.store.Fleet;
import dev.hearth.server.store.LostRun;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's part in the fleet, every third of a lease: records its heartbeat and open sessions,
 * renews the leases of the runs it executes, cancels the ones it no longer owns (taken over after it
 * stalled) or that another host asked to cancel (a concurrency group's {@code cancel-in-progress},
 * the API), and expires every host's leases that ran out, re-queuing or failing those runs. Every host
 * runs one, so a dead host's runs are handled by whichever live host looks first.
 *
 * <p>{@link #beat} is one round, on the injected clock; tests call it directly, {@link #start} calls
 * it from a daemon thread.
 */
public final class HostHeartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HostHeartbeat.class);

  private final Fleet fleet;
  private final FleetSettings settings;
  private final int maxSessions;
  private final LocalRuns local;
  private final Clock clock;
  private final Set<Long> cancelled = new HashSet<>();
  private volatile PoolReporter pools = PoolReporter.none();
  private volatile boolean closed;
  private Thread thread;

  public HostHeartbeat(Fleet fleet, FleetSettings settings, int maxSessions, LocalRuns local, Clock clock) {
    this.fleet = fleet;
    this.settings = settings;
    this.maxSessions = maxSessions;
    this.local = local;
    this.clock = clock;
  }

  /** Reports {@code reporter}'s pools with every heartbeat from now on (default: a host without pools). */
  public void reportPools(PoolReporter reporter) {
    this.pools = reporter;
  }

  /** Records this host as started (before it claims anything), with its pools as they are now. */
  public void register() {
    fleet.register(settings.hostId(), maxSessions, settings.lease(), clock.instant());
    fleet.heartbeat(settings.hostId(), 0, pools.report(), clock.instant()); // its pools show from the start
    LOG.info("host={} joined the fleet: lease={}s max-sessions={} retry-on-host-loss={} max-concurrent-per-repo={}",
        settings.hostId(), settings.lease().toMillis() / 1000.0, maxSessions, settings.retryOnHostLoss(),
        settings.maxConcurrentPerRepo());
  }

  /** Beats every third of a lease on a daemon thread until closed. */
  public void start() {
    thread = Thread.ofPlatform().name("hearth-heartbeat").daemon().start(() -> {
      while (!closed) {
        try {
          Thread.sleep(settings.heartbeat());
          if (!closed) beat();
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          LOG.warn("host={} heartbeat failed (the leases run out unless the next one succeeds): {}", settings.hostId(),
              e.getMessage());
        }
      }
    });
  }

  /** One round: heartbeat, renew, cancel what is no longer ours or was asked, expire the fleet's lapsed leases. */
  public synchronized void beat() {
    String host = settings.hostId();
    fleet.heartbeat(host, local.openSessions(), pools.report(), clock.instant());
    // Taken before renewing: a run claimed after the renewal read the store is not in it, and must
    // not look lost.
    Set<Long> before = local.inFlight();
    Fleet.Renewal renewal = fleet.renew(host, clock.instant().plus(settings.lease()));
    Set<Long> still = local.inFlight();
    for (long id : before) {
      if (!renewal.owned().contains(id) && still.contains(id) && cancelled.add(id)) {
        LOG.warn("host={} run={} no longer leased to this host (it stalled past its lease and the run was taken over, "
            + "or it just finished): cancelling it here", host, id);
        local.cancelHere(id, "host " + host + " lost the run's lease");
      }
    }
    renewal.cancelRequests().forEach((id, why) -> {
      if (local.inFlight().contains(id) && cancelled.add(id)) {
        LOG.info("host={} run={} cancel requested through the store: {}", host, id, why);
        local.cancelHere(id, why);
      }
    });
    cancelled.retainAll(local.inFlight());
    List<LostRun> lost = fleet.expireLeases(clock.instant(), settings.retryOnHostLoss());
    for (LostRun r : lost) {
      LOG.warn("host={} run={} delivery={} {}: {}", host, r.runId(), r.deliveryId(),
          r.requeued() ? "queued again" : "failed", r.reason());
    }
    if (!lost.isEmpty()) local.queueChanged();
  }

  /**
   * A cancel of run {@code runId} was asked through the store (a notice from another host): cancels it
   * here at once when this host executes it and still owns it, with the reason stored; the next heartbeat
   * would find the same request.
   */
  public synchronized void cancelRequested(long runId) {
    if (!local.inFlight().contains(runId) || cancelled.contains(runId)) return;
    fleet.cancelRequest(runId, settings.hostId()).ifPresent(why -> {
      if (cancelled.add(runId)) {
        LOG.info("host={} run={} cancel requested through the store (notice): {}", settings.hostId(), runId, why);
        local.cancelHere(runId, why);
      }
    });
  }

  /** Stops beating and records that this host stopped (call once its runs have ended). */
  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      fleet.stopped(settings.hostId(), clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("host={} could not record that it stopped: {}", settings.hostId(), e.getMessage());
    }
  }
}
