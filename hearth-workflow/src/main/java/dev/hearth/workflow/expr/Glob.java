package dev.hearth.workflow.expr;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One line of a {@code hashFiles} pattern, as {@code @actions/glob} reads it: trimmed, empty
 * lines and {@code #} comments ignored, each leading {@code !} toggling exclusion, relative to the
 * workspace. Within a path segment {@code *} matches any run of characters, {@code ?} one
 * character, {@code [abc]}/{@code [a-z]}/{@code [!a]} one of a set; a {@code **} segment matches
 * any number of segments. A workspace-relative path (with {@code /}) matches when it or one of its
 * parent directories matches. Matching is done without regular expressions, in time polynomial in
 * the pattern and path lengths, so no pattern can stall it.
 *
 * @param negate true for an exclusion ({@code !pattern})
 * @param segments the pattern's segments; null when the pattern lies outside the workspace
 */
record Glob(boolean negate, List<String> segments) {

  /** The glob of {@code line} rooted at {@code root}, or empty for blank and comment lines. */
  static Optional<Glob> parse(String line, Path root) {
    String p = line.strip();
    if (p.isEmpty() || p.startsWith("#")) {
      return Optional.empty();
    }
    boolean negate = false;
    while (p.startsWith("!")) {
      negate = !negate;
      p = p.substring(1);
    }
    if (p.startsWith("/")) {
      String rootText = root.toString().replace('\\', '/');
      if (!p.equals(rootText) && !p.startsWith(rootText + "/")) {
        return Optional.of(new Glob(negate, null)); // outside the workspace: matches nothing
      }
      p = p.substring(rootText.length());
    }
    List<String> segs = Arrays.stream(p.split("/+"))
        .filter(s -> !s.isEmpty() && !s.equals(".")).toList();
    return Optional.of(new Glob(negate, segs));
  }

  /** True when the last glob that matches {@code rel} includes it. */
  static boolean matchesAll(List<Glob> globs, String rel) {
    boolean result = false;
    String[] path = rel.split("/");
    for (Glob g : globs) {
      if (g.negate) {
        result &= !g.matches(path);
      } else {
        result |= g.matches(path);
      }
    }
    return result;
  }

  /** True when the path, or one of its parent directories, matches. */
  boolean matches(String[] path) {
    if (segments == null) {
      return false;
    }
    if (segments.isEmpty()) {
      return true; // the workspace itself: everything beneath it
    }
    for (int len = path.length; len >= 1; len--) {
      if (matchPrefix(path, len)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the first {@code len} path segments match all pattern segments (memoised). */
  private boolean matchPrefix(String[] path, int len) {
    int p = segments.size();
    boolean[][] reach = new boolean[p + 1][len + 1];
    reach[0][0] = true;
    for (int i = 0; i < p; i++) {
      boolean star2 = segments.get(i).equals("**");
      for (int j = 0; j <= len; j++) {
        if (!reach[i][j]) {
          continue;
        }
        if (star2) {
          for (int k = j; k <= len; k++) {
            reach[i + 1][k] = true;
          }
        } else if (j < len && segmentMatches(segments.get(i), path[j])) {
          reach[i + 1][j + 1] = true;
        }
      }
    }
    return reach[p][len];
  }

  /** Wildcard match of one segment: linear scan with one backtracking point per star. */
  static boolean segmentMatches(String pat, String s) {
    int pi = 0;
    int si = 0;
    int starPi = -1;
    int starSi = -1;
    while (si < s.length()) {
      if (pi < pat.length() && pat.charAt(pi) == '*') {
        starPi = pi++;
        starSi = si;
      } else if (pi < pat.length() && single(pat, pi, s.charAt(si))) {
        pi = next(pat, pi);
        si++;
      } else if (starPi >= 0) {
        pi = starPi + 1;
        si = ++starSi;
      } else {
        return false;
      }
    }
    while (pi < pat.length() && pat.charAt(pi) == '*') {
      pi++;
    }
    return pi == pat.length();
  }

  /** Whether the single-character element at {@code pi} ({@code ?}, a class, a char) matches c. */
  private static boolean single(String pat, int pi, char c) {
    char p = pat.charAt(pi);
    if (p == '?') {
      return true;
    }
    int close = p == '[' ? pat.indexOf(']', pi + 2) : -1;
    if (close < 0) {
      return p == c;
    }
    boolean neg = pat.charAt(pi + 1) == '!' || pat.charAt(pi + 1) == '^';
    boolean in = false;
    for (int i = neg ? pi + 2 : pi + 1; i < close; i++) {
      if (i + 2 < close && pat.charAt(i + 1) == '-') {
        in |= c >= pat.charAt(i) && c <= pat.charAt(i + 2);
        i += 2;
      } else {
        in |= c == pat.charAt(i);
      }
    }
    return in != neg;
  }

  private static int next(String pat, int pi) {
    int close = pat.charAt(pi) == '[' ? pat.indexOf(']', pi + 2) : -1;
    return close < 0 ? pi + 1 : close + 1;
  }
}
