package dev.hearth.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * What queuing a run in a {@code concurrency:} group does to the group's other runs, as GitHub
 * documents it: at most one run of a group is running and one pending; the new run replaces the
 * pending one (finished as cancelled), and with {@code cancel-in-progress: true} it also asks the
 * host running the group's run to cancel it. That the new run waits while one of its group runs is
 * enforced where runs are claimed ({@link Fleet#claim}). Groups belong to a repository: two
 * repositories' groups of the same name are different groups.
 */
final class ConcurrencyGroups {
  private ConcurrencyGroups() {}

  /** Applies the group's rules for {@code run} of delivery {@code deliveryId}, just inserted, in the same transaction. */
  static void joined(Connection c, String deliveryId, String repository, PlannedRun run, Instant at) throws SQLException {
    long id = Sql.query(c, "SELECT id FROM runs WHERE delivery_id = ? AND workflow_file = ?", r -> r.getLong(1), deliveryId,
        run.workflowFile()).getFirst();
    String group = run.concurrencyGroup();
    Sql.update(c, "UPDATE runs SET state = 'finished', conclusion = 'cancelled', reason = ?, finished_at = ? "
        + "WHERE concurrency_group = ? AND repository = ? AND state = 'queued' AND id <> ?",
        "replaced by run " + id + ", pending in concurrency group '" + group + "'", at, group, repository, id);
    if (run.cancelInProgress()) {
      List<Long> running = Sql.query(c, "SELECT id FROM runs WHERE concurrency_group = ? AND repository = ? "
          + "AND state = 'running' AND cancel_requested IS NULL", r -> r.getLong(1), group, repository);
      Sql.update(c, "UPDATE runs SET cancel_requested = ? WHERE concurrency_group = ? AND repository = ? AND state = 'running' "
          + "AND cancel_requested IS NULL", "cancelled by run " + id + " of concurrency group '" + group
          + "' (cancel-in-progress)", group, repository);
      for (long r : running) FleetChannel.CANCEL.send(c, Long.toString(r)); // its host cancels it once this commits
    }
  }
}
