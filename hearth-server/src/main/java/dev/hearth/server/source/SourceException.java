package dev.hearth.server.source;

/** A repository could not be fetched or checked out; the message names the repository, the commit and git's complaint. */
public final class SourceException extends Exception {
  public SourceException(String message) {
    super(message);
  }

  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
