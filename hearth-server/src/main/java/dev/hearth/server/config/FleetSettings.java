package dev.hearth.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The {@code fleet:} section: how this host shares the store's queue with other {@code hearth serve}
 * hosts (docs/fleet.md).
 *
 * @param hostId this host's name in the store; stable across restarts (a restarted host reaps what its
 *     previous process left), unique in the fleet; the machine's host name by default
 * @param lease how long a run's lease lasts without a renewal; renewed every fifth of it
 * @param retryOnHostLoss how many times a run whose host died is queued again before it is failed (0: never)
 * @param maxConcurrentPerRepo at most this many runs of one repository run at once in the whole fleet (0: no limit)
 */
public record FleetSettings(String hostId, Duration lease, int retryOnHostLoss, int maxConcurrentPerRepo) {
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);

  public FleetSettings {
    Objects.requireNonNull(hostId, "hostId");
    Objects.requireNonNull(lease, "lease");
    if (lease.isNegative() || lease.isZero()) throw new IllegalArgumentException("lease must be positive: " + lease);
  }

  /** The defaults: the machine's host name, 15 s leases, no retry, no per-repository limit. */
  public static FleetSettings defaults() {
    return new FleetSettings(defaultHostId(), DEFAULT_LEASE, 0, 0);
  }

  /**
   * How often leases are renewed and expired ones looked for: a fifth of the lease, so that a host
   * misses two renewals in a row before it fences itself ({@link #fenceMargin}).
   */
  public Duration heartbeat() {
    return lease.dividedBy(5);
  }

  /**
   * How long before a lease lapses its host stops executing the run when it could not renew it (it
   * fences itself, so that no other host takes the run over while a copy still runs here): a sixth of
   * the lease, never less than one heartbeat.
   */
  public Duration fenceMargin() {
    Duration sixth = lease.dividedBy(6);
    return sixth.compareTo(heartbeat()) < 0 ? heartbeat() : sixth;
  }

  /**
   * How long one call to a PostgreSQL store may take before it gives up (connect, wait for a pooled
   * connection, read): half the lease, at least 2 s, so that a hanging connection cannot hold the
   * heartbeat much past the point where this host fences itself.
   */
  public Duration storeCallTimeout() {
    Duration half = lease.dividedBy(2);
    return half.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : half;
  }

  public FleetSettings withHostId(String id) {
    return new FleetSettings(id, lease, retryOnHostLoss, maxConcurrentPerRepo);
  }

  public FleetSettings withLease(Duration value) {
    return new FleetSettings(hostId, value, retryOnHostLoss, maxConcurrentPerRepo);
  }

  /** The machine's host name ({@code HOSTNAME}, else what the network stack says, else {@code localhost}). */
  public static String defaultHostId() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) return env.strip();
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }
}
