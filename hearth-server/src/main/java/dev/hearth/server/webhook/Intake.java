package dev.hearth.server.webhook;

/** Where the webhook hands an accepted delivery: stored durably, then planned later, off the request. */
public interface Intake {
  /**
   * Stores the delivery; false when it was already stored (a redelivery). Must be durable when it
   * returns true.
   */
  boolean accept(String deliveryId, String event, String action, String repository, String payload);
}
