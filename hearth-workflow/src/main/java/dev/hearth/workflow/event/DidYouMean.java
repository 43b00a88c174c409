package dev.hearth.workflow.event;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggests the known word a misspelt one was probably meant to be. */
final class DidYouMean {
  private DidYouMean() {}

  /**
   * The candidate closest to {@code word} by edit distance, if it is close enough to be a likely
   * typo (at most two edits, one for words of three letters or fewer, or equal ignoring case) or
   * {@code word} is its start ("open" for "opened"); ties go to the alphabetically first candidate
   * so messages are stable.
   */
  static Optional<String> closest(String word, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    int limit = word.length() <= 3 ? 1 : 2;
    for (String c : candidates.stream().sorted().toList()) {
      String lower = c.toLowerCase(Locale.ROOT);
      String w = word.toLowerCase(Locale.ROOT);
      int d = distance(w, lower);
      if (d > limit && w.length() >= 3 && lower.startsWith(w)) d = limit;
      if (d <= limit && d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** " did you mean 'x'?" or "". */
  static String hint(String word, Collection<String> candidates) {
    return closest(word, candidates).map(c -> "; did you mean '" + c + "'?").orElse("");
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
