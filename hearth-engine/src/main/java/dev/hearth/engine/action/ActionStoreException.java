package dev.hearth.engine.action;

/** Fetching an action into the store failed; the message names the action, the URL and git's words. */
public final class ActionStoreException extends Exception {
  private static final long serialVersionUID = 1L;

  public ActionStoreException(String message) {
    super(message);
  }

  public ActionStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
