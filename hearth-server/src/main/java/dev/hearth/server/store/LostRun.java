package dev.hearth.server.store;

/**
 * A running run whose host stopped renewing its lease (or restarted): failed with {@code reason},
 * or queued again when {@code requeued}.
 *
 * @param runId the run
 * @param deliveryId its delivery
 * @param host the host that held its lease
 * @param requeued true when it was queued again for any host, false when it was finished as failed
 * @param reason what happened, for the log and the run's record
 */
public record LostRun(long runId, String deliveryId, String host, boolean requeued, String reason) {}
