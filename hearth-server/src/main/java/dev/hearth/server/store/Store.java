package dev.hearth.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable store: deliveries and the runs made of them (the queue), over SQLite or PostgreSQL.
 * Job, step, log and VM progress is in {@link #progress()}. Thread-safe.
 */
public final class Store implements AutoCloseable {
  static final String RUN_COLUMNS = "id, delivery_id, workflow_file, workflow_name, event, repository, sha, "
      + "checkout, fork, state, conclusion, reason, attempts, queued_at, started_at, finished_at";

  private final Database db;
  private final Progress progress;
  private final DeliveryWriter deliveries;
  private final Fleet fleet;
  private final ReportOutbox reports;
  private final JobGroups jobGroups;

  private Store(Database db) {
    this.db = db;
    this.reports = new ReportOutbox(db);
    this.progress = new Progress(db, reports);
    this.fleet = new Fleet(db);
    this.jobGroups = new JobGroups(db);
    this.deliveries = new DeliveryWriter(db);
  }

  /** Opens the store at {@code url} and brings its schema up to date. */
  public static Store open(String url) {
    return open(url, null);
  }

  /** {@link #open(String)} with PostgreSQL calls that give up after about {@code callTimeout} ({@link Database#open(String, java.time.Duration)}). */
  public static Store open(String url, java.time.Duration callTimeout) {
    Database db = Database.open(url, callTimeout);
    try {
      Migrations.apply(db);
      return new Store(db);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** Whether the database answers (for {@code /readyz}). */
  public boolean isReachable() {
    try {
      return db.transaction("checking the store", c -> Sql.query(c, "SELECT 1", r -> r.getInt(1))).size() == 1;
    } catch (StoreException e) {
      return false;
    }
  }

  public Progress progress() {
    return progress;
  }

  /** Job-level concurrency groups, fleet-wide. */
  public JobGroups jobGroups() {
    return jobGroups;
  }

  /** The fleet's hosts, leases and cancel requests. */
  public Fleet fleet() {
    return fleet;
  }

  /** What is to be reported to GitHub, and the check runs reported so far. */
  public ReportOutbox reports() {
    return reports;
  }

  public Database.Dialect dialect() {
    return db.dialect();
  }

  /** Stores a new delivery in state accepted; false when one with its id is already stored (a redelivery). */
  public boolean accept(String id, String event, String action, String repository, String payload, Instant at) {
    return deliveries.accept(id, event, action, repository, payload, null, at);
  }

  /** {@link #accept}, to be planned by host {@code planner} (another host adopts it if that one dies first). */
  public boolean accept(String id, String event, String action, String repository, String payload, String planner,
      Instant at) {
    return deliveries.accept(id, event, action, repository, payload, planner, at);
  }

  public Optional<Delivery> delivery(String id) {
    return db.transaction("reading delivery " + id, c -> Sql.query(c, "SELECT * FROM deliveries WHERE id = ?",
        Store::delivery, id)).stream().findFirst();
  }

  /** The deliveries waiting to be planned, oldest first. */
  public List<Delivery> acceptedDeliveries() {
    return db.transaction("listing accepted deliveries", c -> Sql.query(c,
        "SELECT * FROM deliveries WHERE state = ? ORDER BY received_at, id", Store::delivery, Delivery.State.ACCEPTED.column()));
  }

  /**
   * Queues one run per planned workflow and marks the delivery planned, in one transaction; a run
   * already queued for the same delivery and workflow is not queued again. With no runs the
   * delivery is marked ignored with {@code reason}.
   */
  public List<StoredRun> plan(String deliveryId, String event, String repository, String sha, String checkout, boolean fork,
      List<PlannedRun> runs, String reason, Instant at) {
    return db.transaction("planning delivery " + deliveryId, c -> {
      if (!runs.isEmpty()) FleetChannel.QUEUE.send(c, ""); // other hosts wake when this commits
      for (PlannedRun run : runs) {
        int inserted = Sql.update(c, "INSERT INTO runs (delivery_id, workflow_file, workflow_name, event, repository, sha, "
            + "checkout, fork, state, queued_at, concurrency_group, cancel_in_progress) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (delivery_id, workflow_file) DO NOTHING", deliveryId, run.workflowFile(), run.workflowName(), event,
            repository, sha, checkout, fork, StoredRun.QUEUED, at, run.concurrencyGroup(), run.cancelInProgress());
        if (inserted == 1 && run.concurrencyGroup() != null) ConcurrencyGroups.joined(c, deliveryId, repository, run, at);
      }
      Delivery.State state = runs.isEmpty() ? Delivery.State.IGNORED : Delivery.State.PLANNED;
      Sql.update(c, "UPDATE deliveries SET state = ?, reason = ?, finished_at = ? WHERE id = ?",
          state.column(), reason, at, deliveryId);
      return runsOf(c, deliveryId);
    });
  }

  /** Ends a delivery without runs: ignored or failed, with the reason. */
  public void finishDelivery(String id, Delivery.State state, String reason, Instant at) {
    db.transaction("finishing delivery " + id, c -> Sql.update(c,
        "UPDATE deliveries SET state = ?, reason = ?, finished_at = ? WHERE id = ?", state.column(), reason, at, id));
  }

  /**
   * The deliveries that still have work: accepted (to be planned) or with a run queued or running. A
   * checkout of any other delivery is no longer needed.
   */
  public java.util.Set<String> deliveriesInProgress() {
    return db.transaction("listing the deliveries in progress", c -> new java.util.HashSet<>(Sql.query(c,
        "SELECT id FROM deliveries WHERE state = ? UNION SELECT delivery_id FROM runs WHERE state IN (?, ?)",
        r -> r.getString(1), Delivery.State.ACCEPTED.column(), StoredRun.QUEUED, StoredRun.RUNNING)));
  }

  public List<StoredRun> runsOf(String deliveryId) {
    return db.transaction("listing the runs of delivery " + deliveryId, c -> runsOf(c, deliveryId));
  }

  private static List<StoredRun> runsOf(Connection c, String deliveryId) throws SQLException {
    return Sql.query(c, "SELECT " + RUN_COLUMNS + " FROM runs WHERE delivery_id = ? ORDER BY id", Store::run, deliveryId);
  }

  public Optional<StoredRun> run(long id) {
    return db.transaction("reading run " + id, c -> Sql.query(c, "SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?",
        Store::run, id)).stream().findFirst();
  }

  /** Every run, oldest first (for tests and the future API). */
  public List<StoredRun> runs() {
    return db.transaction("listing runs", c -> Sql.query(c, "SELECT " + RUN_COLUMNS + " FROM runs ORDER BY id", Store::run));
  }

  /** The queued runs, oldest first. */
  public List<StoredRun> queuedRuns() {
    return db.transaction("listing queued runs", c -> Sql.query(c,
        "SELECT " + RUN_COLUMNS + " FROM runs WHERE state = ? ORDER BY id", Store::run, StoredRun.QUEUED));
  }

  /** Marks a queued run running and counts the attempt; false when it was not queued. */
  public boolean markRunning(long runId, Instant at) {
    return db.transaction("starting run " + runId, c -> Sql.update(c,
        "UPDATE runs SET state = ?, started_at = ?, attempts = attempts + 1 WHERE id = ? AND state = ?",
        StoredRun.RUNNING, at, runId, StoredRun.QUEUED) == 1);
  }

  /** Finishes a run (queued or running) with its conclusion; a finished run stays as it is. */
  public void finishRun(long runId, String conclusion, String reason, Instant at) {
    db.transaction("finishing run " + runId, c -> Sql.update(c,
        "UPDATE runs SET state = ?, conclusion = ?, reason = COALESCE(?, reason), finished_at = ? WHERE id = ? AND state <> ?",
        StoredRun.FINISHED, conclusion, reason, at, runId, StoredRun.FINISHED));
  }

  /**
   * Finishes run {@code runId} for host {@code owner}, the host executing it: only while that host
   * still holds its lease (a run taken over from a stalled host is not finished by that host).
   */
  public void finishRun(long runId, String conclusion, String reason, String owner, Instant at) {
    db.transaction("finishing run " + runId, c -> {
      int n = Sql.update(c, "UPDATE runs SET state = ?, conclusion = ?, reason = COALESCE(?, reason), finished_at = ?, "
          + "lease_expires_at = NULL WHERE id = ? AND state = ? AND owner = ?",
          StoredRun.FINISHED, conclusion, reason, at, runId, StoredRun.RUNNING, owner);
      if (n == 1) reports.finished(c, runId, conclusion, at); // the report's last changes, in the same transaction
      return n;
    });
  }

  /** Finishes a queued run as cancelled with {@code reason}; false when it was not queued. */
  public boolean cancelQueued(long runId, String reason, Instant at) {
    return db.transaction("cancelling run " + runId, c -> Sql.update(c,
        "UPDATE runs SET state = ?, conclusion = 'cancelled', reason = ?, finished_at = ? WHERE id = ? AND state = ?",
        StoredRun.FINISHED, reason, at, runId, StoredRun.QUEUED) == 1);
  }

  /**
   * Queues run {@code runId} again, exactly: its workflow at its commit, as the one run of a new
   * delivery {@code <id>.rerun-<n>} (stored planned, with a copy of the original's payload, so it is
   * not planned again); its checkout is {@code checkoutOf} the new delivery's id (made when the run
   * starts). Empty when there is no such run.
   */
  public Optional<StoredRun> rerun(long runId, java.util.function.Function<String, String> checkoutOf, Instant at) {
    return db.transaction("re-running run " + runId, c -> {
      List<StoredRun> found = Sql.query(c, "SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?", Store::run, runId);
      if (found.isEmpty()) return Optional.<StoredRun>empty();
      StoredRun run = found.getFirst();
      String original = run.deliveryId().replaceFirst("\\.rerun-\\d+$", "");
      int n = Sql.query(c, "SELECT COUNT(*) FROM deliveries WHERE id LIKE ?", r -> r.getInt(1), original + ".rerun-%").getFirst();
      String id = original + ".rerun-" + (n + 1);
      Sql.update(c, "INSERT INTO deliveries (id, event, action, repository, payload, state, reason, received_at, finished_at) "
          + "SELECT ?, event, action, repository, payload, ?, ?, ?, ? FROM deliveries WHERE id = ?",
          id, Delivery.State.PLANNED.column(), "re-run of run " + runId, at, at, run.deliveryId());
      Sql.update(c, "INSERT INTO runs (delivery_id, workflow_file, workflow_name, event, repository, sha, checkout, fork, "
          + "state, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id, run.workflowFile(), run.workflowName(), run.event(),
          run.repository(), run.sha(), checkoutOf.apply(id), run.fork(), StoredRun.QUEUED, at);
      FleetChannel.QUEUE.send(c, "");
      return runsOf(c, id).stream().findFirst();
    });
  }

  /**
   * A page of runs, newest first, optionally only those in {@code state} ({@code queued},
   * {@code running}, {@code finished}) and of {@code repository} ({@code owner/name}); null for any.
   */
  public List<StoredRun> runs(String state, String repository, int offset, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + RUN_COLUMNS + " FROM runs WHERE 1 = 1");
    List<Object> args = new java.util.ArrayList<>();
    if (state != null) {
      sql.append(" AND state = ?");
      args.add(state);
    }
    if (repository != null) {
      sql.append(" AND repository = ?");
      args.add(repository);
    }
    sql.append(" ORDER BY id DESC LIMIT ? OFFSET ?");
    args.add(limit);
    args.add(offset);
    return db.transaction("listing runs", c -> Sql.query(c, sql.toString(), Store::run, args.toArray()));
  }

  /** How many runs are queued (for the queue-depth metric). */
  public int queuedCount() {
    return db.transaction("counting queued runs", c -> Sql.query(c, "SELECT COUNT(*) FROM runs WHERE state = ?",
        r -> r.getInt(1), StoredRun.QUEUED)).getFirst();
  }

  /**
   * After a restart: finishes every run still marked running as failed with {@code reason} and
   * returns them (their VMs are then reaped).
   */
  public List<StoredRun> failRunning(String reason, Instant at) {
    return db.transaction("failing interrupted runs", c -> {
      List<StoredRun> running = Sql.query(c, "SELECT " + RUN_COLUMNS + " FROM runs WHERE state = ? ORDER BY id",
          Store::run, StoredRun.RUNNING);
      Sql.update(c, "UPDATE runs SET state = ?, conclusion = 'failure', reason = ?, finished_at = ? WHERE state = ?",
          StoredRun.FINISHED, reason, at, StoredRun.RUNNING);
      for (StoredRun run : running) ReportOutbox.closeLegs(c, run.id(), reason, false, at);
      Sql.update(c, "UPDATE jobs SET state = 'finished', conclusion = 'failure', finished_at = ? WHERE state = 'running'", at);
      Sql.update(c, "UPDATE steps SET state = 'finished', conclusion = 'failure', outcome = 'failure', finished_at = ? "
          + "WHERE state = 'running'", at);
      return running;
    });
  }

  static Delivery delivery(ResultSet r) throws SQLException {
    return new Delivery(r.getString("id"), r.getString("event"), r.getString("action"), r.getString("repository"),
        r.getString("payload"), Delivery.State.of(r.getString("state")), r.getString("reason"), Sql.instant(r, "received_at"));
  }

  static StoredRun run(ResultSet r) throws SQLException {
    return new StoredRun(r.getLong("id"), r.getString("delivery_id"), r.getString("workflow_file"),
        r.getString("workflow_name"), r.getString("event"), r.getString("repository"), r.getString("sha"),
        r.getString("checkout"), r.getBoolean("fork"), r.getString("state"), r.getString("conclusion"),
        r.getString("reason"), r.getInt("attempts"), Sql.instant(r, "queued_at"), Sql.instant(r, "started_at"),
        Sql.instant(r, "finished_at"));
  }

  @Override
  public void close() {
    deliveries.close();
    db.close();
  }

  @Override
  public String toString() {
    return db.toString();
  }
}
