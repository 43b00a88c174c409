package dev.hearth.engine.step;

/** A file command ({@code $GITHUB_ENV}, {@code $GITHUB_OUTPUT}, …) whose content GitHub would reject. */
public final class FileCommandException extends Exception {
  private static final long serialVersionUID = 1L;

  public FileCommandException(String message) {
    super(message);
  }
}
