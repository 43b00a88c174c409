package dev.hearth.workflow.source;

/**
 * Where something stands in a source file. Lines and columns count from 1; a position with line 0
 * means "the file as a whole" (for example a file that is too large to read).
 */
public record Position(String file, int line, int column) {

  public static Position ofFile(String file) {
    return new Position(file, 0, 0);
  }

  public boolean hasLine() {
    return line > 0;
  }

  /** The position {@code offset} characters further along the same line (for inner columns). */
  public Position shift(int offset) {
    return hasLine() ? new Position(file, line, column + offset) : this;
  }

  /** {@code file:line:column}, or just {@code file} for a whole-file position. */
  @Override
  public String toString() {
    return hasLine() ? file + ":" + line + ":" + column : file;
  }
}
