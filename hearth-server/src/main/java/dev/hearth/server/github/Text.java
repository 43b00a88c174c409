package dev.hearth.server.github;

/** Cutting text to GitHub's limits, counted in characters as GitHub counts them. */
final class Text {
  private Text() {}

  /**
   * {@code text} if it fits in {@code max} characters, else its beginning followed by {@code note},
   * together exactly {@code max} characters or fewer (never splitting a surrogate pair).
   */
  static String truncate(String text, int max, String note) {
    if (text.length() <= max) return text;
    int keep = Math.max(0, max - note.length());
    if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) keep--;
    return text.substring(0, keep) + note.substring(0, Math.min(note.length(), max));
  }
}
