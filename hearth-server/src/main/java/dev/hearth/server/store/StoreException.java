package dev.hearth.server.store;

/** The store could not do what was asked; the message names the store (never its password) and the operation. */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
