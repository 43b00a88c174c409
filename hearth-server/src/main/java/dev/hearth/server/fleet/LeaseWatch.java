package dev.hearth.server.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What this host knows, without asking the database, about how long its leases last: each run's lease
 * was last set when this host claimed it or when a renewal that included it succeeded, so it lapses
 * {@code lease} after that. A run is <em>due</em> for fencing {@code margin} before then: the host must
 * stop executing it while the lease still holds, so that no other host takes it over while a copy still
 * runs here. Thread-safe; reads no clock of its own (the caller passes the time).
 */
public final class LeaseWatch {
  private final Duration lease;
  private final Duration margin;
  private final Map<Long, Instant> leasedAt = new HashMap<>();
  private Instant lastRenewal;

  /** @param margin how long before a lease lapses its run is fenced here; at least one heartbeat */
  public LeaseWatch(Duration lease, Duration margin) {
    if (margin.compareTo(lease) >= 0) throw new IllegalArgumentException("margin " + margin + " must be shorter than lease " + lease);
    this.lease = lease;
    this.margin = margin;
  }

  /** Run {@code runId} was claimed by this host with a lease starting at {@code at}. */
  public synchronized void claimed(long runId, Instant at) {
    leasedAt.put(runId, at);
  }

  /** A renewal that started at {@code at} succeeded for the runs in {@code owned} (the others are no longer ours). */
  public synchronized void renewed(Instant at, Set<Long> owned) {
    lastRenewal = at;
    for (long id : owned) leasedAt.computeIfPresent(id, (k, before) -> before.isAfter(at) ? before : at);
  }

  /** The run ended here: nothing to watch any more. */
  public synchronized void ended(long runId) {
    leasedAt.remove(runId);
  }

  /**
   * The runs whose lease lapses within the margin at {@code now}, each with when its lease was last set
   * (claimed or renewed); they are no longer watched (the caller fences them).
   */
  public synchronized Map<Long, Instant> due(Instant now) {
    Map<Long, Instant> out = new java.util.TreeMap<>();
    for (var it = leasedAt.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!now.isBefore(e.getValue().plus(lease).minus(margin))) {
        out.put(e.getKey(), e.getValue());
        it.remove();
      }
    }
    return out;
  }

  /** When a renewal last succeeded (its start); null before the first. */
  public synchronized Instant lastRenewal() {
    return lastRenewal;
  }

  public Duration lease() {
    return lease;
  }

  public Duration margin() {
    return margin;
  }
}
