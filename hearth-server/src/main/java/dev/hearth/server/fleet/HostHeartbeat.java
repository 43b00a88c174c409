package dev.hearth.server.fleet;

import dev.hearth.server.config.FleetSettings;
import dev.hearth.server.store.Fleet;
import dev.hearth.server.store.LostRun;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's part in the fleet, every fifth of a lease: records its heartbeat and open sessions,
 * renews the leases of the runs it executes, cancels the ones it no longer owns (taken over after it
 * stalled) or that another host asked to cancel (a concurrency group's {@code cancel-in-progress},
 * the API), and expires every host's leases that ran out, re-queuing or failing those runs. Every host
 * runs one, so a dead host's runs are handled by whichever live host looks first.
 *
 * <p>Self-fencing: a second thread, which never touches the database, stops (cancels, releasing its VM)
 * every run whose lease this host could not renew in time, {@link FleetSettings#fenceMargin} before the
 * lease lapses, so a host cut from the database never executes a run another host has taken over. Once
 * the database answers again, the heartbeat gives those runs up in the store (queued again or failed
 * with the reason) unless another host already took them over, and the host goes on as before.
 *
 * <p>{@link #beat} and {@link #fenceDue} are one round each, on the injected clock; tests call them
 * directly, {@link #start} calls them from daemon threads.
 */
public final class HostHeartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HostHeartbeat.class);
  /** How often the fence looks at the leases, at most. */
  private static final long FENCE_TICK_MILLIS = 100;

  private final Fleet fleet;
  private final FleetSettings settings;
  private final int maxSessions;
  private final LocalRuns local;
  private final Clock clock;
  private final LeaseWatch watch;
  private final Set<Long> cancelled = new HashSet<>();
  /** Runs fenced here, with the reason, until they are given up in the store. */
  private final Map<Long, String> fenced = new ConcurrentHashMap<>();
  private volatile PoolReporter pools = PoolReporter.none();
  private volatile boolean closed;
  private Instant failingSince;
  private int failures;
  private Thread thread;
  private Thread fence;

  public HostHeartbeat(Fleet fleet, FleetSettings settings, int maxSessions, LocalRuns local, Clock clock) {
    this.fleet = fleet;
    this.settings = settings;
    this.maxSessions = maxSessions;
    this.local = local;
    this.clock = clock;
    this.watch = new LeaseWatch(settings.lease(), settings.fenceMargin());
  }

  /** Reports {@code reporter}'s pools with every heartbeat from now on (default: a host without pools). */
  public void reportPools(PoolReporter reporter) {
    this.pools = reporter;
  }

  /** Records this host as started (before it claims anything), with its pools as they are now. */
  public void register() {
    fleet.register(settings.hostId(), maxSessions, settings.lease(), clock.instant());
    fleet.heartbeat(settings.hostId(), 0, pools.report(), clock.instant()); // its pools show from the start
    LOG.info("host={} joined the fleet: lease={}s heartbeat={}ms fence-margin={}ms max-sessions={} retry-on-host-loss={} "
        + "max-concurrent-per-repo={}", settings.hostId(), settings.lease().toMillis() / 1000.0,
        settings.heartbeat().toMillis(), settings.fenceMargin().toMillis(), maxSessions, settings.retryOnHostLoss(),
        settings.maxConcurrentPerRepo());
  }

  /** Run {@code runId} was claimed by this host, leased from {@code at} (the instant its lease was computed from). */
  public void claimed(long runId, Instant at) {
    watch.claimed(runId, at);
  }

  /** How long before a lease lapses this host stops the run when it could not renew the lease. */
  public java.time.Duration margin() {
    return watch.margin();
  }

  /** Run {@code runId} ended here. */
  public void ended(long runId) {
    watch.ended(runId);
  }

  /** Beats every fifth of a lease and watches the leases, on daemon threads, until closed. */
  public void start() {
    thread = Thread.ofPlatform().name("hearth-heartbeat").daemon().start(this::beatUntilClosed);
    long tick = Math.max(10, Math.min(FENCE_TICK_MILLIS, settings.fenceMargin().toMillis() / 4));
    fence = Thread.ofPlatform().name("hearth-lease-fence").daemon().start(() -> {
      while (!closed) {
        try {
          Thread.sleep(tick);
          if (!closed) fenceDue();
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          LOG.error("host={} lease fence: {}", settings.hostId(), e.toString(), e);
        }
      }
    });
  }

  /** Beats at a fixed rate (a slow beat does not push the next ones back), so renewals stay a heartbeat apart. */
  private void beatUntilClosed() {
    long period = settings.heartbeat().toNanos();
    long next = System.nanoTime() + period;
    while (!closed) {
      try {
        long wait = next - System.nanoTime();
        if (wait > 0) Thread.sleep(java.time.Duration.ofNanos(wait));
        next = Math.max(next + period, System.nanoTime());
        if (closed) return;
        beat();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        failed(e);
      }
    }
  }

  private synchronized void failed(RuntimeException e) {
    failures++;
    if (failingSince == null) {
      failingSince = clock.instant();
      LOG.warn("host={} heartbeat failed (its runs are stopped here {} ms before their leases lapse unless a renewal "
          + "succeeds): {}", settings.hostId(), settings.fenceMargin().toMillis(), e.getMessage());
    } else {
      LOG.debug("host={} heartbeat failed again: {}", settings.hostId(), e.getMessage());
    }
  }

  /**
   * Stops here every run whose lease lapses within the fence margin because this host could not renew
   * it: cancels it (cleanup, VM released) and keeps its progress out of the store. Reads no database.
   */
  public void fenceDue() {
    Instant now = clock.instant();
    Set<Long> here = local.inFlight();
    for (Map.Entry<Long, Instant> e : watch.due(now).entrySet()) {
      long id = e.getKey();
      if (!here.contains(id)) continue;
      String why = "host " + settings.hostId() + " could not renew its lease (database unreachable since " + e.getValue()
          + "): stopped here so that another host can take the run over";
      fenced.put(id, why);
      LOG.warn("host={} run={} lease lapses at {} and could not be renewed since {}: stopping the run here (its VM is "
          + "released, its progress is no longer recorded)", settings.hostId(), id, e.getValue().plus(settings.lease()),
          e.getValue());
      local.fenceHere(id, why);
    }
  }

  /** One round: heartbeat, renew, give up what was fenced, cancel what is no longer ours or was asked, expire. */
  public synchronized void beat() {
    String host = settings.hostId();
    fleet.heartbeat(host, local.openSessions(), pools.report(), clock.instant());
    // Taken before renewing: a run claimed after the renewal read the store is not in it, and must
    // not look lost.
    Set<Long> before = local.inFlight();
    Map<Long, String> giveUp = Map.copyOf(fenced);
    Instant renewedAt = clock.instant();
    Fleet.Renewal renewal = fleet.renew(host, renewedAt.plus(settings.lease()), giveUp.keySet());
    Set<Long> kept = new HashSet<>(renewal.owned());
    kept.removeAll(giveUp.keySet());
    watch.renewed(renewedAt, kept);
    rejoined();
    local.storeAnswers();
    for (LostRun r : fleet.giveUp(host, giveUp, settings.retryOnHostLoss(), clock.instant())) {
      LOG.warn("host={} run={} delivery={} given up after this host fenced it: {}: {}", host, r.runId(), r.deliveryId(),
          r.requeued() ? "queued again" : "failed", r.reason());
    }
    giveUp.keySet().forEach(fenced::remove);
    Set<Long> still = local.inFlight();
    for (long id : before) {
      if (!renewal.owned().contains(id) && still.contains(id) && !giveUp.containsKey(id) && cancelled.add(id)) {
        LOG.warn("host={} run={} no longer leased to this host (it stalled past its lease and the run was taken over, "
            + "or it just finished): cancelling it here", host, id);
        local.fenceHere(id, "host " + host + " lost the run's lease");
      }
    }
    renewal.cancelRequests().forEach((id, why) -> {
      if (local.inFlight().contains(id) && !giveUp.containsKey(id) && cancelled.add(id)) {
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
    if (!lost.isEmpty() || !giveUp.isEmpty()) local.queueChanged();
  }

  private void rejoined() {
    if (failingSince == null) return;
    LOG.warn("host={} reached the database again after {} failed heartbeat(s) since {}: rejoined the fleet",
        settings.hostId(), failures, failingSince);
    failingSince = null;
    failures = 0;
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
    for (Thread t : new Thread[] {thread, fence}) {
      if (t == null) continue;
      t.interrupt();
      try {
        t.join(5_000);
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
