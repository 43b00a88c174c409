package dev.hearth.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What must be reported to GitHub, durably: the state changes of every job leg of every run, in
 * order, and each leg's check run id once GitHub gave it. The host executing a run appends its
 * changes, fenced on its lease ({@link #append}); the changes of the run's end go in the transaction
 * that finishes the run ({@link #whenFinishing}); a host that expires another's lease writes the
 * closing changes of the run's open legs in the expiry transaction ({@link #closeLegs}).
 *
 * <p>Sending is claimed per run, like runs are: every unsent row of one run is claimed at once by one
 * sender ({@link #claimRun} by the owning host right after appending, {@link #claimLeft} by any host
 * for runs no live lease covers), so one check run's changes never go out from two places or out of
 * order. A claim lasts until {@code until} and is renewed with each row sent; a host that dies
 * mid-send leaves a claim that expires. Claims serialize on an advisory lock on PostgreSQL (SQLite's
 * writers are serialized already). Thread-safe.
 */
public final class ReportOutbox {
  /** The advisory lock key report claims serialize on. */
  private static final long CLAIM_LOCK = 432785L;
  private static final String ROW_COLUMNS = "o.id, o.run_id, o.leg, o.name, o.status, o.conclusion, o.started_at, "
      + "o.completed_at, o.title, o.summary, o.annotations, o.sent_at, o.failure, o.claimed_by, l.kind, l.repository, l.sha, "
      + "l.installation_id, l.details_url, l.check_run_id, (o.tries > 1 OR EXISTS (SELECT 1 FROM report_outbox p "
      + "WHERE p.run_id = o.run_id AND p.leg = o.leg AND p.id < o.id)) AS may_exist";

  /** The changes that end a run's report, computed when the run finishes ({@code conclusion} is GitHub's word). */
  @FunctionalInterface
  public interface FinalReports {
    Batch finalChanges(String conclusion, Instant at);
  }

  /** Changes of one run going to one destination. */
  public record Batch(ReportDestination destination, List<ReportChange> changes) {
    public Batch {
      changes = List.copyOf(changes);
    }
  }

  /** A row as stored, with whether (and how) it was sent: for tests and diagnostics. */
  public record Entry(OutboxRow row, Instant sentAt, String failure) {}

  private final Database db;
  private final Map<Long, FinalReports> finishing = new ConcurrentHashMap<>();
  private final String instance = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong claims = new AtomicLong();

  ReportOutbox(Database db) {
    this.db = db;
  }

  /**
   * Appends {@code changes} of run {@code runId} for {@code host}, which executes attempt {@code attempt}
   * of it: only while that host still holds the run's lease for that attempt. False (nothing written)
   * when it does not: the run was lost to a lease expiry, queued again or taken by another host.
   */
  public boolean append(long runId, String host, int attempt, ReportDestination destination, List<ReportChange> changes,
      Instant at) {
    if (changes.isEmpty()) return true;
    return db.transaction("recording reports of run " + runId, c -> {
      String lock = db.dialect() == Database.Dialect.POSTGRESQL ? " FOR SHARE" : "";
      List<Integer> attempts = Sql.query(c, "SELECT attempts FROM runs WHERE id = ? AND owner = ? AND state = 'running'"
          + lock, r -> r.getInt(1), runId, host);
      if (attempts.isEmpty() || attempts.getFirst() != attempt) return false;
      insert(c, runId, destination, changes, at);
      return true;
    });
  }

  /**
   * Has {@code reports} give the changes that end run {@code runId} when its host finishes it: they are
   * written in that transaction (so a run is never finished without them, nor they without it).
   */
  public void whenFinishing(long runId, FinalReports reports) {
    finishing.put(runId, reports);
  }

  /** Forgets what {@link #whenFinishing} registered for {@code runId}. */
  public void forget(long runId) {
    finishing.remove(runId);
  }

  /** Called in the transaction that finished run {@code runId} (its host held the lease). */
  void finished(Connection c, long runId, String conclusion, Instant at) throws SQLException {
    FinalReports reports = finishing.remove(runId);
    if (reports == null) return;
    Batch batch = reports.finalChanges(conclusion, at);
    insert(c, runId, batch.destination(), batch.changes(), at);
  }

  private static void insert(Connection c, long runId, ReportDestination d, List<ReportChange> changes, Instant at)
      throws SQLException {
    for (ReportChange ch : changes) {
      Sql.update(c, "INSERT INTO report_legs (run_id, leg, kind, repository, sha, installation_id, details_url, name, completed) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, leg) DO UPDATE SET name = excluded.name, "
          + "completed = excluded.completed, details_url = excluded.details_url", runId, ch.leg(), d.kind(), d.repository(),
          d.sha(), d.installationId(), d.detailsUrl(), ch.name(), ch.completed());
      Sql.update(c, "INSERT INTO report_outbox (run_id, leg, name, status, conclusion, started_at, completed_at, title, "
          + "summary, annotations, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", runId, ch.leg(), ch.name(),
          ch.status(), ch.conclusion(), ch.startedAt(), ch.completedAt(), ch.title(), ch.summary(), ch.annotations(), at);
    }
  }

  /**
   * In the transaction that takes run {@code runId} from a host that stopped renewing its lease (or
   * restarted) and fails it: every leg not yet reported completed gets its closing change,
   * {@code completed} / {@code failure} with {@code reason} in its summary. A run queued again
   * ({@code requeued}) keeps its legs open: its next attempt reports on the same check runs, from
   * {@code queued} on.
   */
  static void closeLegs(Connection c, long runId, String reason, boolean requeued, Instant now) throws SQLException {
    if (requeued) return;
    List<String[]> open = Sql.query(c, "SELECT leg, name, kind, repository, sha, installation_id, details_url FROM report_legs "
        + "WHERE run_id = ? AND completed = ? ORDER BY leg", r -> new String[] {r.getString("leg"), r.getString("name"),
            r.getString("kind"), r.getString("repository"), r.getString("sha"), String.valueOf(r.getLong("installation_id")),
            r.getString("details_url")}, runId, false);
    for (String[] l : open) {
      ReportChange change = new ReportChange(l[0], l[1], ReportChange.COMPLETED, "failure", null, now, "Failed: " + reason,
          "**" + l[1] + "** failed: " + reason + " while it was running.", null);
      insert(c, runId, new ReportDestination(l[2], l[3], l[4], Long.parseLong(l[5]), l[6]), List.of(change), now);
    }
  }

  /** A new claim token of {@code host} (unique across this host's processes). */
  private String token(String host) {
    return host + "#" + instance + "." + claims.incrementAndGet();
  }

  /**
   * Claims every unsent row of run {@code runId} for {@code host} until {@code until}, oldest first;
   * empty when there is none or another sender holds a live claim on the run's rows (it sends them).
   */
  public List<OutboxRow> claimRun(long runId, String host, Instant until, Instant now) {
    String token = token(host);
    return db.transaction("claiming the reports of run " + runId, c -> {
      lock(c);
      if (claimedElsewhere(c, runId, now)) return List.<OutboxRow>of();
      Sql.update(c, "UPDATE report_outbox SET claim_host = ?, claimed_by = ?, claim_until = ?, tries = tries + 1 WHERE run_id = ? "
          + "AND sent_at IS NULL", host, token, until, runId);
      return claimed(c, token);
    });
  }

  /**
   * Claims the unsent rows of up to {@code maxRuns} runs that no sender holds and no live lease covers
   * (their host died, or finished or lost them without sending), for {@code host} until {@code until}:
   * each run's rows in order, runs oldest first.
   */
  public List<OutboxRow> claimLeft(String host, int maxRuns, Instant until, Instant now) {
    String token = token(host);
    return db.transaction("claiming reports left unsent", c -> {
      lock(c);
      List<Long> runs = Sql.query(c, "SELECT DISTINCT o.run_id FROM report_outbox o WHERE o.sent_at IS NULL "
          + "AND NOT EXISTS (SELECT 1 FROM report_outbox x WHERE x.run_id = o.run_id AND x.sent_at IS NULL "
          + "AND x.claimed_by IS NOT NULL AND x.claim_until >= ?) "
          + "AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = o.run_id AND r.state = 'running' AND r.lease_expires_at >= ?) "
          + "ORDER BY o.run_id LIMIT ?", r -> r.getLong(1), now, now, maxRuns);
      for (long runId : runs) {
        Sql.update(c, "UPDATE report_outbox SET claim_host = ?, claimed_by = ?, claim_until = ?, tries = tries + 1 WHERE run_id = ? "
            + "AND sent_at IS NULL", host, token, until, runId);
      }
      return runs.isEmpty() ? List.<OutboxRow>of() : claimed(c, token);
    });
  }

  private void lock(Connection c) throws SQLException {
    if (db.dialect() == Database.Dialect.POSTGRESQL) Sql.query(c, "SELECT pg_advisory_xact_lock(?)", r -> null, CLAIM_LOCK);
  }

  private static boolean claimedElsewhere(Connection c, long runId, Instant now) throws SQLException {
    return !Sql.query(c, "SELECT 1 FROM report_outbox WHERE run_id = ? AND sent_at IS NULL AND claimed_by IS NOT NULL "
        + "AND claim_until >= ? LIMIT 1", r -> 1, runId, now).isEmpty();
  }

  private static List<OutboxRow> claimed(Connection c, String token) throws SQLException {
    return Sql.query(c, "SELECT " + ROW_COLUMNS + " FROM report_outbox o JOIN report_legs l ON l.run_id = o.run_id "
        + "AND l.leg = o.leg WHERE o.claimed_by = ? AND o.sent_at IS NULL ORDER BY o.run_id, o.id", ReportOutbox::row, token);
  }

  private static OutboxRow row(ResultSet r) throws SQLException {
    long checkRunId = r.getLong("check_run_id");
    Long id = r.wasNull() ? null : checkRunId;
    ReportDestination d = new ReportDestination(r.getString("kind"), r.getString("repository"), r.getString("sha"),
        r.getLong("installation_id"), r.getString("details_url"));
    ReportChange ch = new ReportChange(r.getString("leg"), r.getString("name"), r.getString("status"),
        r.getString("conclusion"), Sql.instant(r, "started_at"), Sql.instant(r, "completed_at"), r.getString("title"),
        r.getString("summary"), r.getString("annotations"));
    return new OutboxRow(r.getLong("id"), r.getLong("run_id"), d, ch, id, r.getBoolean("may_exist"),
        r.getString("claimed_by"));
  }

  /** Records the check run GitHub made (or that was found) for leg {@code leg} of run {@code runId}. */
  public void checkRunCreated(long runId, String leg, long checkRunId) {
    db.transaction("recording the check run of run " + runId + " leg " + leg, c -> Sql.update(c,
        "UPDATE report_legs SET check_run_id = ? WHERE run_id = ? AND leg = ?", checkRunId, runId, leg));
  }

  /**
   * Marks row {@code row} sent ({@code failure} null) or given up on (GitHub refused it: {@code failure}
   * says why), and extends the claim on the rest of its batch to {@code until}. False when the claim
   * was lost (it expired and another sender took the rows): stop sending them.
   */
  public boolean sent(OutboxRow row, String failure, Instant at, Instant until) {
    if (row.claim() == null) {
      throw new IllegalArgumentException("report " + row.id() + " of run " + row.runId() + " was not claimed");
    }
    return db.transaction("recording report " + row.id() + " of run " + row.runId() + " sent", c -> {
      int n = Sql.update(c, "UPDATE report_outbox SET sent_at = ?, failure = ? WHERE id = ? AND sent_at IS NULL "
          + "AND claimed_by = ?", at, failure, row.id(), row.claim());
      if (n == 1) {
        Sql.update(c, "UPDATE report_outbox SET claim_until = ? WHERE claimed_by = ? AND sent_at IS NULL", until, row.claim());
      }
      return n == 1;
    });
  }

  /** Extends every claim {@code host} holds on rows not sent to {@code until} (it is alive and sending them). */
  public int renew(String host, Instant until) {
    return db.transaction("renewing the report claims of host " + host, c -> Sql.update(c,
        "UPDATE report_outbox SET claim_until = ? WHERE claim_host = ? AND sent_at IS NULL AND claimed_by IS NOT NULL",
        until, host));
  }

  /** Gives up {@code host}'s claims on rows not sent (it is stopping, or starting after a crash): any host may send them. */
  public int release(String host) {
    return db.transaction("releasing the report claims of host " + host, c -> Sql.update(c,
        "UPDATE report_outbox SET claim_host = NULL, claimed_by = NULL, claim_until = NULL WHERE claim_host = ? "
            + "AND sent_at IS NULL", host));
  }

  /** How many rows are waiting to be sent. */
  public int unsentCount() {
    return db.transaction("counting unsent reports", c -> Sql.query(c,
        "SELECT COUNT(*) FROM report_outbox WHERE sent_at IS NULL", r -> r.getInt(1)).getFirst());
  }

  /** Every row of run {@code runId}, sent or not, in order. */
  public List<Entry> entries(long runId) {
    return db.transaction("reading the reports of run " + runId, c -> Sql.query(c, "SELECT " + ROW_COLUMNS
        + " FROM report_outbox o JOIN report_legs l ON l.run_id = o.run_id AND l.leg = o.leg WHERE o.run_id = ? ORDER BY o.id",
        r -> new Entry(row(r), Sql.instant(r, "sent_at"), r.getString("failure")), runId));
  }

  /** The check run id of each leg of run {@code runId} that has one. */
  public Map<String, Long> checkRunIds(long runId) {
    Map<String, Long> out = new LinkedHashMap<>();
    db.transaction("reading the check runs of run " + runId, c -> Sql.query(c, "SELECT leg, check_run_id FROM report_legs "
        + "WHERE run_id = ? AND check_run_id IS NOT NULL ORDER BY leg", r -> out.put(r.getString(1), r.getLong(2)), runId));
    return out;
  }
}
