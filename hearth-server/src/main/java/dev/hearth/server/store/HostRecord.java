package dev.hearth.server.store;

import java.time.Duration;
import java.time.Instant;

/**
 * A {@code hearth serve} host of the fleet as the store knows it.
 *
 * @param hostId its configured {@code fleet.host-id}
 * @param startedAt when its current process started
 * @param heartbeatAt its last heartbeat
 * @param lease how long its leases last without a renewal
 * @param sessionsMax its {@code max-sessions}
 * @param sessionsActive the sessions it had open at its last heartbeat
 * @param sessionsPeak the most sessions it ever reported open at once since it started
 * @param pool its warm pools at its last heartbeat, or null when it never reported them
 * @param stoppedAt when it stopped cleanly, or null while it runs (or died)
 * @param leases the runs it holds a lease on now
 */
public record HostRecord(String hostId, Instant startedAt, Instant heartbeatAt, Duration lease, int sessionsMax,
    int sessionsActive, int sessionsPeak, HostPools pool, Instant stoppedAt, int leases) {

  /** Whether the host is running at {@code now}: not stopped, and its heartbeat is younger than its lease. */
  public boolean aliveAt(Instant now) {
    return stoppedAt == null && !heartbeatAt.plus(lease).isBefore(now);
  }
}
