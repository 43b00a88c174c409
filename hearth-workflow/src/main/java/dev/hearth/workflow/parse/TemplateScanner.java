package dev.hearth.workflow.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the {@code ${{ }}} expressions in a string as GitHub does: an expression ends at the first
 * {@code }}} outside a single-quoted string literal.
 */
final class TemplateScanner {
  private TemplateScanner() {}

  /** One expression: its text between the braces, and where {@code ${{} starts in the string. */
  record Found(String text, int offset) {}

  /** Thrown for a {@code ${{} without its {@code }}}, with the offset of that {@code ${{}. */
  static final class NotClosed extends Exception {
    private static final long serialVersionUID = 1L;
    final int offset;

    NotClosed(int offset) {
      super(null, null, false, false);
      this.offset = offset;
    }
  }

  static List<Found> scan(String text) throws NotClosed {
    List<Found> found = new ArrayList<>();
    int from = 0;
    while (true) {
      int start = text.indexOf("${{", from);
      if (start < 0) return found;
      int end = closing(text, start + 3);
      if (end < 0) throw new NotClosed(start);
      found.add(new Found(text.substring(start + 3, end), start));
      from = end + 2;
    }
  }

  private static int closing(String text, int from) {
    boolean inString = false;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\'') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '\'') i++;
          else inString = false;
        }
      } else if (c == '\'') {
        inString = true;
      } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
        return i;
      }
    }
    return -1;
  }
}
