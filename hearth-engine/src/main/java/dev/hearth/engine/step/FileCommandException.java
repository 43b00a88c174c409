package dev.hearth.engine.step;

/**
 * A file command ({@code $GITHUB_ENV}, {@code $GITHUB_OUTPUT}, …) whose content GitHub would reject.
 * The message is GitHub's; {@link #line()} says where in the file.
 */
public final class FileCommandException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int line;

  public FileCommandException(int line, String message) {
    super(message);
    this.line = line;
  }

  /** The 1-based line of the file the problem is on (for a missing delimiter: the line that opened the block). */
  public int line() {
    return line;
  }
}
