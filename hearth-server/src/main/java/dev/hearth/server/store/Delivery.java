package dev.hearth.server.store;

import java.time.Instant;

/**
 * A webhook delivery as stored.
 *
 * @param id GitHub's {@code X-GitHub-Delivery}
 * @param event {@code X-GitHub-Event}
 * @param action the payload's {@code action}, or null
 * @param repository the payload's {@code repository.full_name}, or null
 * @param payload the JSON body as received
 * @param state {@link State}
 * @param reason why it was ignored or failed, or null
 * @param receivedAt when it was accepted
 */
public record Delivery(String id, String event, String action, String repository, String payload, State state,
    String reason, Instant receivedAt) {

  /** Where a delivery is: accepted (queued for planning), then planned, ignored or failed. */
  public enum State {
    ACCEPTED, PLANNED, IGNORED, FAILED;

    String column() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static State of(String column) {
      return valueOf(column.toUpperCase(java.util.Locale.ROOT));
    }
  }
}
