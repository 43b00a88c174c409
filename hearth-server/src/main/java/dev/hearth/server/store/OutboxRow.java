package dev.hearth.server.store;

/**
 * A claimed row of the report outbox: the change to send for one leg of a run, where it goes, and
 * the leg's check run id when GitHub gave one already (null: create it).
 *
 * @param mayExist a check run for the leg may exist although no id was recorded: this row was claimed
 *     before (its sender may have died after GitHub accepted the create), or an earlier row of the leg
 *     was sent without an id being recorded; look for it by {@link #externalId} before creating one
 * @param claim the claim it was read under (the sender that may mark it sent), or null when unclaimed
 */
public record OutboxRow(long id, long runId, ReportDestination destination, ReportChange change, Long checkRunId,
    boolean mayExist, String claim) {
  /** The check run's {@code external_id}: the run and the leg, unique per leg. */
  public String externalId() {
    return runId + "/" + change.leg();
  }
}
