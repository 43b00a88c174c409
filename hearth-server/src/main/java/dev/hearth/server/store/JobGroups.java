package dev.hearth.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Job-level {@code concurrency:} groups in the store, shared by every host of the fleet (table
 * {@code job_groups}, migration V4): who holds a group, who waits for it, who was replaced, whose leg
 * another host asked to cancel. Each change to a group is one transaction that first takes the group's
 * transaction-scoped advisory lock on PostgreSQL (SQLite serializes writers with {@code BEGIN
 * IMMEDIATE}), so two hosts entering one group at once see each other. A row whose run no longer runs
 * on its host under a live lease (the host died, the run ended or was taken over) is stale: it is
 * deleted by the next transaction that looks at its group. Thread-safe.
 */
public final class JobGroups {
  /** The first key of the advisory locks of groups (the second is the group's hash). */
  private static final int LOCK_SPACE = 432785;
  static final String HOLDING = "holding";
  static final String PENDING = "pending";
  static final String REPLACED = "replaced";

  private final Database db;

  JobGroups(Database db) {
    this.db = db;
  }

  /** One job leg of a run executing on a host, asking for a group. */
  public record Member(String repository, String group, long runId, String leg, String host) {
    String key() {
      return group.toLowerCase(Locale.ROOT);
    }

    String holder() {
      return "run " + runId + " job " + leg;
    }
  }

  /** What entering or looking again found. */
  public sealed interface Turn {
    /** The leg holds the group. */
    record Holding() implements Turn {}

    /** The leg waits; {@code holder} is who runs now ({@code run 3 job deploy}). */
    record Waiting(String holder) implements Turn {}

    /** The leg must not run: {@code why}. Its row is gone. */
    record Refused(String why) implements Turn {}
  }

  /**
   * {@code member} enters its group at {@code now}: it holds the group when nobody does; else it is
   * the group's pending leg (the previous pending one is replaced) and, with {@code cancelInProgress},
   * the holder's host is asked to cancel the holder.
   */
  public Turn enter(Member member, boolean cancelInProgress, Instant now) {
    return db.transaction("entering concurrency group '" + member.group() + "' for " + member.holder(), c -> {
      lock(c, member);
      Sql.update(c, "DELETE FROM job_groups WHERE run_id = ? AND leg = ?", member.runId(), member.leg());
      dropStale(c, member, now);
      Sql.update(c, "UPDATE job_groups SET state = ?, cancel_requested = ? WHERE repository = ? AND group_key = ? AND state = ?",
          REPLACED, "replaced by " + member.holder() + ", pending in concurrency group '" + member.group() + "'",
          member.repository(), member.key(), PENDING);
      List<String> holders = Sql.query(c, "SELECT run_id, leg FROM job_groups WHERE repository = ? AND group_key = ? "
          + "AND state = ?", r -> "run " + r.getLong("run_id") + " job " + r.getString("leg"), member.repository(),
          member.key(), HOLDING);
      String state = holders.isEmpty() ? HOLDING : PENDING;
      Sql.update(c, "INSERT INTO job_groups (run_id, leg, repository, group_key, group_name, host, state, entered_at) "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", member.runId(), member.leg(), member.repository(), member.key(), member.group(),
          member.host(), state, now);
      if (holders.isEmpty()) return new Turn.Holding();
      if (cancelInProgress) {
        Sql.update(c, "UPDATE job_groups SET cancel_requested = ? WHERE repository = ? AND group_key = ? AND state = ? "
            + "AND cancel_requested IS NULL", "cancelled by " + member.holder() + " of concurrency group '" + member.group()
            + "' (cancel-in-progress)", member.repository(), member.key(), HOLDING);
      }
      return new Turn.Waiting(holders.getFirst());
    });
  }

  /** A pending {@code member} looks again at {@code now}: it holds the group once its holder is gone. */
  public Turn poll(Member member, Instant now) {
    return db.transaction("looking at concurrency group '" + member.group() + "' for " + member.holder(), c -> {
      lock(c, member);
      dropStale(c, member, now);
      List<String[]> mine = Sql.query(c, "SELECT state, cancel_requested FROM job_groups WHERE run_id = ? AND leg = ?",
          r -> new String[] {r.getString("state"), r.getString("cancel_requested")}, member.runId(), member.leg());
      if (mine.isEmpty()) {
        return new Turn.Refused("lost its place in concurrency group '" + member.group() + "' (its run's lease lapsed)");
      }
      if (mine.getFirst()[0].equals(REPLACED)) {
        Sql.update(c, "DELETE FROM job_groups WHERE run_id = ? AND leg = ?", member.runId(), member.leg());
        return new Turn.Refused(mine.getFirst()[1]);
      }
      if (mine.getFirst()[0].equals(HOLDING)) return new Turn.Holding();
      List<String> holders = Sql.query(c, "SELECT run_id, leg FROM job_groups WHERE repository = ? AND group_key = ? "
          + "AND state = ?", r -> "run " + r.getLong("run_id") + " job " + r.getString("leg"), member.repository(),
          member.key(), HOLDING);
      if (!holders.isEmpty()) return new Turn.Waiting(holders.getFirst());
      Sql.update(c, "UPDATE job_groups SET state = ? WHERE run_id = ? AND leg = ?", HOLDING, member.runId(), member.leg());
      return new Turn.Holding();
    });
  }

  /** {@code member} leaves its group (it ended, or stopped waiting); its pending leg takes the group at its next look. */
  public void leave(Member member) {
    db.transaction("leaving concurrency group '" + member.group() + "' for " + member.holder(), c -> {
      lock(c, member);
      return Sql.update(c, "DELETE FROM job_groups WHERE run_id = ? AND leg = ? AND host = ?", member.runId(), member.leg(),
          member.host());
    });
  }

  /** A holding leg of a host that another leg asked to cancel (cancel-in-progress). */
  public record CancelRequest(long runId, String leg, String why) {}

  /** The legs {@code host} holds groups for and was asked to cancel. */
  public List<CancelRequest> cancelRequests(String host) {
    return db.transaction("reading the concurrency-group cancel requests of host " + host, c -> Sql.query(c,
        "SELECT run_id, leg, cancel_requested FROM job_groups WHERE host = ? AND state = ? AND cancel_requested IS NOT NULL",
        r -> new CancelRequest(r.getLong("run_id"), r.getString("leg"), r.getString("cancel_requested")), host, HOLDING));
  }

  /** Deletes the group's rows whose run does not run on their host under a lease live at {@code now}. */
  private static void dropStale(Connection c, Member member, Instant now) throws SQLException {
    Sql.update(c, "DELETE FROM job_groups WHERE repository = ? AND group_key = ? AND NOT EXISTS (SELECT 1 FROM runs r "
        + "WHERE r.id = job_groups.run_id AND r.state = 'running' AND r.owner = job_groups.host AND r.lease_expires_at >= ?)",
        member.repository(), member.key(), now);
  }

  private void lock(Connection c, Member member) throws SQLException {
    if (db.dialect() != Database.Dialect.POSTGRESQL) return;
    int hash = (member.repository() + "\n" + member.key()).hashCode();
    Sql.query(c, "SELECT pg_advisory_xact_lock(?, ?)", r -> null, LOCK_SPACE, hash);
  }
}
