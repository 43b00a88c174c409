package dev.hearth.workflow.expr;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One line of a {@code hashFiles} pattern, as {@code @actions/glob} reads it: trimmed, empty
 * lines and {@code #} comments ignored, each leading {@code !} toggling exclusion, relative to the
 * workspace. It matches a workspace-relative path (with {@code /}) when the path or one of its
 * parent directories matches.
 */
record Glob(boolean negate, Pattern regex) {

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
        return Optional.of(new Glob(negate, Pattern.compile("(?!)"))); // outside the workspace
      }
      p = p.substring(rootText.length());
    }
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    p = p.replaceAll("^/+", "").replaceAll("/+$", "");
    return Optional.of(new Glob(negate, Pattern.compile(toRegex(p))));
  }

  /** True when the last glob that matches {@code rel} includes it. */
  static boolean matchesAll(List<Glob> globs, String rel) {
    boolean result = false;
    for (Glob g : globs) {
      if (g.negate) {
        result &= !g.matches(rel);
      } else {
        result |= g.matches(rel);
      }
    }
    return result;
  }

  boolean matches(String rel) {
    String path = rel;
    while (true) {
      if (regex.matcher(path).matches()) {
        return true;
      }
      int slash = path.lastIndexOf('/');
      if (slash < 0) {
        return false;
      }
      path = path.substring(0, slash);
    }
  }

  private static String toRegex(String glob) {
    if (glob.isEmpty()) {
      return ".*";
    }
    String[] parts = glob.split("/+");
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      if (parts[i].equals("**")) {
        if (i > 0 && parts[i - 1].equals("**")) {
          continue; // a/**/**/b means a/**/b; repeating it only slows matching
        }
        re.append(last ? ".*" : "(?:[^/]+/)*");
      } else {
        re.append(segment(parts[i])).append(last ? "" : "/");
      }
    }
    return re.toString();
  }

  private static String segment(String s) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int close = c == '[' ? s.indexOf(']', i + 2) : -1;
      if (c == '*') {
        while (i + 1 < s.length() && s.charAt(i + 1) == '*') {
          i++; // runs of stars match as one; this also keeps the regex free of backtracking blowups
        }
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else if (close > 0) {
        re.append(charClass(s.substring(i + 1, close)));
        i = close;
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return re.toString();
  }

  private static String charClass(String body) {
    boolean neg = body.startsWith("!") || body.startsWith("^");
    String inner = neg ? body.substring(1) : body;
    StringBuilder re = new StringBuilder(neg ? "[^/" : "[");
    for (char c : inner.toCharArray()) {
      re.append(c == '-' ? "-" : Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
    }
    return re.append(']').toString();
  }
}
