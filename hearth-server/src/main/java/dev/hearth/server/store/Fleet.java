package dev.hearth.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fleet's shared state in the store: hosts and their heartbeats, the leases hosts hold on the
 * runs they execute, and cancel requests between hosts. Every host runs the same code against the
 * same tables; there is no coordinator. Thread-safe.
 *
 * <p>Claims take a transaction-scoped advisory lock on PostgreSQL (SQLite's writers are serialized
 * by {@code BEGIN IMMEDIATE} already) so that the concurrency-group and per-repository limits are
 * checked against every other host's committed claims; the candidate rows are then locked with
 * {@code FOR UPDATE SKIP LOCKED}, so a row a reaper or a cancel holds is skipped, not waited for.
 */
public final class Fleet {
  /** The advisory lock key claims serialize on ("hearth" on a phone keypad). */
  private static final long CLAIM_LOCK = 432784L;
  /** How many queued runs a claim looks at (and locks) when a per-repository limit may skip many. */
  private static final int CANDIDATES = 256;
  /**
   * Without a per-repository limit, how many more than it wants a claim looks at, for runs skipped as a
   * second of one group in the same claim (a claim that skips more takes fewer; the next one goes on).
   */
  private static final int SPARE = 4;

  private final Database db;

  Fleet(Database db) {
    this.db = db;
  }

  /** Records that {@code host} started now with {@code sessionsMax} sessions and leases of {@code lease}. */
  public void register(String host, int sessionsMax, Duration lease, Instant at) {
    db.transaction("registering host " + host, c -> {
      int updated = Sql.update(c, "UPDATE hosts SET started_at = ?, heartbeat_at = ?, lease_millis = ?, sessions_max = ?, "
          + "sessions_active = 0, sessions_peak = 0, stopped_at = NULL WHERE host_id = ?", at, at, lease.toMillis(),
          sessionsMax, host);
      if (updated == 0) {
        Sql.update(c, "INSERT INTO hosts (host_id, started_at, heartbeat_at, lease_millis, sessions_max) VALUES (?, ?, ?, ?, ?) "
            + "ON CONFLICT (host_id) DO NOTHING", host, at, at, lease.toMillis(), sessionsMax);
      }
      return null;
    });
  }

  /**
   * Records {@code host}'s heartbeat with the sessions it has open and its pools' state (null: not
   * reported); its peak keeps the highest count seen.
   */
  public void heartbeat(String host, int sessionsActive, HostPools pools, Instant at) {
    String pool = pools == null ? null : pools.toJson();
    db.transaction("recording the heartbeat of host " + host, c -> Sql.update(c,
        "UPDATE hosts SET heartbeat_at = ?, sessions_active = ?, sessions_peak = CASE WHEN sessions_peak < ? THEN ? "
            + "ELSE sessions_peak END, pool = ? WHERE host_id = ?", at, sessionsActive, sessionsActive, sessionsActive, pool, host));
  }

  /**
   * Starts {@code host}'s listener for the fleet's notices (PostgreSQL: runs queued and cancels asked
   * on other hosts reach {@code wakeups} at once). On SQLite nothing listens: the host polls.
   */
  public FleetListener listen(String host, FleetListener.Wakeups wakeups) {
    FleetListener listener = new FleetListener(db, host, wakeups);
    if (db.dialect() == Database.Dialect.POSTGRESQL) listener.start();
    return listener;
  }

  /** Why {@code host} is asked to cancel run {@code runId}, while it runs it there; empty otherwise. */
  public java.util.Optional<String> cancelRequest(long runId, String host) {
    return db.transaction("reading the cancel request of run " + runId, c -> Sql.query(c,
        "SELECT cancel_requested FROM runs WHERE id = ? AND owner = ? AND state = 'running' AND cancel_requested IS NOT NULL",
        r -> r.getString(1), runId, host)).stream().findFirst();
  }

  /** Records that {@code host} stopped cleanly (it holds no lease any more). */
  public void stopped(String host, Instant at) {
    db.transaction("recording that host " + host + " stopped", c -> Sql.update(c,
        "UPDATE hosts SET stopped_at = ?, sessions_active = 0 WHERE host_id = ?", at, host));
  }

  /** Every host the store has seen, by id, with the number of leases each holds now. */
  public List<HostRecord> hosts() {
    return db.transaction("listing hosts", c -> Sql.query(c, "SELECT h.*, (SELECT COUNT(*) FROM runs r WHERE r.owner = h.host_id "
        + "AND r.state = 'running') AS leases FROM hosts h ORDER BY h.host_id", r -> new HostRecord(r.getString("host_id"),
            Sql.instant(r, "started_at"), Sql.instant(r, "heartbeat_at"), Duration.ofMillis(r.getLong("lease_millis")),
            r.getInt("sessions_max"), r.getInt("sessions_active"), r.getInt("sessions_peak"), HostPools.parse(r.getString("pool")),
            Sql.instant(r, "stopped_at"), r.getInt("leases"))));
  }

  /**
   * Claims up to {@code max} queued runs for {@code host}, oldest first, leased until {@code leaseUntil}:
   * a run of a concurrency group only while no run of its group is running, and, when
   * {@code maxPerRepo} is positive, only while fewer than that many runs of its repository are running
   * on any host. The claimed runs are running, owned by {@code host}, with one more attempt.
   */
  public List<StoredRun> claim(String host, int max, Instant leaseUntil, int maxPerRepo, Instant at) {
    return claim(host, max, leaseUntil, maxPerRepo, at, Set.of());
  }

  /**
   * {@link #claim}, but never a run of {@code busy}: runs this host still executes an earlier attempt
   * of (lost to a lease expiry and being cancelled here), which must end before it runs them again.
   */
  public List<StoredRun> claim(String host, int max, Instant leaseUntil, int maxPerRepo, Instant at, Set<Long> busy) {
    if (max <= 0) return List.of();
    return db.transaction("claiming runs for host " + host, c -> {
      boolean postgres = db.dialect() == Database.Dialect.POSTGRESQL;
      if (postgres) Sql.query(c, "SELECT pg_advisory_xact_lock(?)", r -> null, CLAIM_LOCK);
      List<Candidate> candidates = Sql.query(c, "SELECT id, repository, concurrency_group FROM runs r WHERE state = 'queued' "
          + "AND (concurrency_group IS NULL OR NOT EXISTS (SELECT 1 FROM runs g WHERE g.concurrency_group = r.concurrency_group "
          + "AND g.repository = r.repository AND g.state = 'running')) ORDER BY id LIMIT ?" + (postgres ? " FOR UPDATE SKIP LOCKED" : ""),
          r -> new Candidate(r.getLong("id"), r.getString("repository"), r.getString("concurrency_group")),
          maxPerRepo > 0 ? CANDIDATES : max + busy.size() + SPARE);
      Map<String, Integer> perRepo = maxPerRepo > 0 ? runningPerRepository(c) : Map.of();
      Set<String> groups = new HashSet<>();
      List<Long> chosen = new ArrayList<>();
      for (Candidate k : candidates) {
        if (chosen.size() == max) break;
        if (busy.contains(k.id())) continue;
        if (k.group() != null && !groups.add(k.repository() + "\u0000" + k.group())) continue; // groups are per repository
        if (maxPerRepo > 0 && k.repository() != null) {
          int running = perRepo.getOrDefault(k.repository(), 0);
          if (running >= maxPerRepo) continue;
          perRepo.put(k.repository(), running + 1);
        }
        chosen.add(k.id());
      }
      if (chosen.isEmpty()) return List.<StoredRun>of();
      String set = "UPDATE runs SET state = 'running', owner = ?, lease_expires_at = ?, started_at = ?, attempts = attempts + 1 ";
      if (postgres) {
        Object[] args = new Object[3 + chosen.size()];
        args[0] = host;
        args[1] = leaseUntil;
        args[2] = at;
        for (int i = 0; i < chosen.size(); i++) args[3 + i] = chosen.get(i);
        String ids = String.join(", ", java.util.Collections.nCopies(chosen.size(), "?"));
        List<StoredRun> claimed = new ArrayList<>(Sql.query(c, set + "WHERE id IN (" + ids + ") AND state = 'queued' RETURNING "
            + Store.RUN_COLUMNS, Store::run, args));
        claimed.sort(java.util.Comparator.comparingLong(StoredRun::id));
        return claimed;
      }
      List<StoredRun> claimed = new ArrayList<>();
      for (long id : chosen) {
        Sql.update(c, set + "WHERE id = ? AND state = 'queued'", host, leaseUntil, at, id);
        claimed.addAll(Sql.query(c, "SELECT " + Store.RUN_COLUMNS + " FROM runs WHERE id = ?", Store::run, id));
      }
      return claimed;
    });
  }

  private record Candidate(long id, String repository, String group) {}

  private static Map<String, Integer> runningPerRepository(Connection c) throws SQLException {
    Map<String, Integer> out = new HashMap<>();
    Sql.query(c, "SELECT repository, COUNT(*) AS n FROM runs WHERE state = 'running' AND repository IS NOT NULL "
        + "GROUP BY repository", r -> out.put(r.getString("repository"), r.getInt("n")));
    return out;
  }

  /** A host's view of its leases after renewing them: the runs it still owns, and cancels asked of it. */
  public record Renewal(Set<Long> owned, Map<Long, String> cancelRequests) {}

  /** Extends every lease {@code host} holds to {@code leaseUntil}; says which runs it still owns and which to cancel. */
  public Renewal renew(String host, Instant leaseUntil) {
    return renew(host, leaseUntil, Set.of());
  }

  /**
   * {@link #renew}, but not the leases of {@code except}: runs this host stopped executing (fenced
   * itself) and is about to give up. They are still listed as owned while they are.
   */
  public Renewal renew(String host, Instant leaseUntil, Set<Long> except) {
    return db.transaction("renewing the leases of host " + host, c -> {
      Object[] args = new Object[2 + except.size()];
      args[0] = leaseUntil;
      args[1] = host;
      int i = 2;
      for (long id : except) args[i++] = id;
      Sql.update(c, "UPDATE runs SET lease_expires_at = ? WHERE owner = ? AND state = 'running'"
          + (except.isEmpty() ? "" : " AND id NOT IN (" + String.join(", ", java.util.Collections.nCopies(except.size(), "?")) + ")"),
          args);
      Set<Long> owned = new HashSet<>();
      Map<Long, String> cancels = new HashMap<>();
      Sql.query(c, "SELECT id, cancel_requested FROM runs WHERE owner = ? AND state = 'running'", r -> {
        owned.add(r.getLong("id"));
        if (r.getString("cancel_requested") != null) cancels.put(r.getLong("id"), r.getString("cancel_requested"));
        return null;
      }, host);
      return new Renewal(owned, cancels);
    });
  }

  /**
   * Gives up the runs of {@code reasons} (run id → why) that {@code host} still owns and that are
   * running: each is queued again or failed (as {@link #expireLeases}) with its reason. For runs the host
   * stopped executing because it could not renew their leases in time.
   */
  public List<LostRun> giveUp(String host, Map<Long, String> reasons, int retries, Instant now) {
    if (reasons.isEmpty()) return List.of();
    return db.transaction("giving up runs of host " + host, c -> {
      List<LostRun> out = new ArrayList<>();
      String lock = db.dialect() == Database.Dialect.POSTGRESQL ? " FOR UPDATE" : "";
      for (Map.Entry<Long, String> e : new java.util.TreeMap<>(reasons).entrySet()) {
        for (Lost l : Sql.query(c, "SELECT id, delivery_id, owner, host_losses FROM runs WHERE id = ? AND owner = ? "
            + "AND state = 'running'" + lock, Fleet::lost, e.getKey(), host)) {
          out.add(lose(c, l, e.getValue(), retries, now));
        }
      }
      return out;
    });
  }

  /** Gives a claimed run that never started back to the queue (its host is stopping). */
  public void release(long runId, String host) {
    db.transaction("giving run " + runId + " back to the queue", c -> {
      int n = Sql.update(c, "UPDATE runs SET state = 'queued', owner = NULL, lease_expires_at = NULL, started_at = NULL, "
          + "attempts = attempts - 1 WHERE id = ? AND owner = ? AND state = 'running'", runId, host);
      if (n > 0) FleetChannel.QUEUE.send(c, "");
      return n;
    });
  }

  /**
   * Asks the host running {@code runId} to cancel it (on PostgreSQL a notice reaches it at once; it also
   * notices at its next heartbeat); false when the run is not running.
   */
  public boolean requestCancel(long runId, String why) {
    return db.transaction("asking for run " + runId + " to be cancelled", c -> {
      boolean asked = Sql.update(c, "UPDATE runs SET cancel_requested = ? WHERE id = ? AND state = 'running' "
          + "AND cancel_requested IS NULL", why, runId) == 1;
      if (asked) FleetChannel.CANCEL.send(c, Long.toString(runId));
      return asked;
    });
  }

  /**
   * Every running run whose lease expired before {@code now}: queued again when it was lost to a dead
   * host fewer than {@code retries} times, otherwise finished as failed, with the reason naming the host.
   */
  public List<LostRun> expireLeases(Instant now, int retries) {
    return db.transaction("expiring leases", c -> {
      String lock = db.dialect() == Database.Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
      List<Lost> expired = Sql.query(c, "SELECT id, delivery_id, owner, host_losses FROM runs WHERE state = 'running' "
          + "AND lease_expires_at < ? ORDER BY id" + lock, Fleet::lost, now);
      List<LostRun> out = new ArrayList<>();
      for (Lost l : expired) out.add(lose(c, l, "host " + l.owner() + " stopped renewing its lease", retries, now));
      return out;
    });
  }

  /**
   * After {@code host} restarted: its runs still running belong to its previous process, which is
   * gone; each is queued again or failed (as {@link #expireLeases}) with {@code reason}. Runs running
   * without an owner (recorded before the fleet existed) are failed too.
   */
  public List<LostRun> loseRunsOf(String host, String reason, int retries, Instant now) {
    return db.transaction("failing the runs host " + host + " left running", c -> {
      List<Lost> left = Sql.query(c, "SELECT id, delivery_id, owner, host_losses FROM runs WHERE state = 'running' "
          + "AND (owner = ? OR owner IS NULL) ORDER BY id", Fleet::lost, host);
      List<LostRun> out = new ArrayList<>();
      for (Lost l : left) out.add(lose(c, l, reason, retries, now));
      return out;
    });
  }

  private record Lost(long id, String deliveryId, String owner, int hostLosses) {}

  private static Lost lost(java.sql.ResultSet r) throws SQLException {
    return new Lost(r.getLong("id"), r.getString("delivery_id"), r.getString("owner"), r.getInt("host_losses"));
  }

  private static LostRun lose(Connection c, Lost l, String reason, int retries, Instant now) throws SQLException {
    boolean requeue = l.hostLosses() < retries;
    if (requeue) {
      Sql.update(c, "UPDATE runs SET state = 'queued', owner = NULL, lease_expires_at = NULL, started_at = NULL, "
          + "host_losses = host_losses + 1, reason = ?, cancel_requested = NULL WHERE id = ?",
          "queued again after " + reason, l.id());
      FleetChannel.QUEUE.send(c, "");
    } else {
      Sql.update(c, "UPDATE runs SET state = 'finished', conclusion = 'failure', reason = ?, finished_at = ?, "
          + "lease_expires_at = NULL WHERE id = ?", reason, now, l.id());
    }
    Sql.update(c, "UPDATE jobs SET state = 'finished', conclusion = 'failure', finished_at = ? WHERE run_id = ? "
        + "AND state = 'running'", now, l.id());
    Sql.update(c, "UPDATE steps SET state = 'finished', conclusion = 'failure', outcome = 'failure', finished_at = ? "
        + "WHERE run_id = ? AND state = 'running'", now, l.id());
    ReportOutbox.closeLegs(c, l.id(), reason, requeue, now);
    return new LostRun(l.id(), l.deliveryId(), l.owner(), requeue, reason);
  }

  /** The VMs recorded as allocated by {@code host} (or by no host: recorded before the fleet existed). */
  public List<VmRecord> allocatedVmsOf(String host) {
    return db.transaction("listing the vms of host " + host, c -> Sql.query(c,
        "SELECT * FROM vms WHERE state = 'allocated' AND (owner = ? OR owner IS NULL) ORDER BY allocated_at",
        Progress::vm, host));
  }

  /**
   * The accepted deliveries {@code host} may plan: those it accepted, and those whose accepting host
   * stopped or died (adopted: they are {@code host}'s from now on). Oldest first.
   */
  public List<Delivery> plannable(String host, Instant now) {
    return db.transaction("listing the deliveries host " + host + " plans", c -> {
      adopt(c, host, now);
      return Sql.query(c, "SELECT * FROM deliveries WHERE state = 'accepted' AND planner = ? ORDER BY received_at, id",
          Store::delivery, host);
    });
  }

  /**
   * The ids of the deliveries {@code host} may plan (as {@link #plannable}), without their payloads:
   * what the queue reads on every wake; it reads a delivery's payload only when it plans it.
   */
  public List<String> plannableIds(String host, Instant now) {
    return db.transaction("listing the deliveries host " + host + " plans", c -> {
      adopt(c, host, now);
      return Sql.query(c, "SELECT id FROM deliveries WHERE state = 'accepted' AND planner = ? ORDER BY received_at, id",
          r -> r.getString(1), host);
    });
  }

  private static void adopt(Connection c, String host, Instant now) throws SQLException {
    Sql.update(c, "UPDATE deliveries SET planner = ? WHERE state = 'accepted' AND (planner IS NULL OR planner NOT IN "
        + "(SELECT host_id FROM hosts WHERE stopped_at IS NULL AND heartbeat_at + lease_millis >= ?))", host, now);
  }
}
