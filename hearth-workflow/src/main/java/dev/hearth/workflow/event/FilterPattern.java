package dev.hearth.workflow.event;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One pattern of a {@code branches}, {@code tags} or {@code paths} filter, in the glob syntax of
 * GitHub's "Filter pattern cheat sheet": {@code *} matches any characters except {@code /},
 * {@code **} matches any characters, {@code ?} and {@code +} make the preceding character (or
 * bracket set) optional or repeatable, {@code [a-z0-9]} matches one alphanumeric character from the
 * set, {@code \} escapes the next character, and a leading {@code !} negates the pattern. Every
 * other character, {@code .} included, stands for itself. A pattern matches a whole name,
 * case-sensitively.
 */
public final class FilterPattern {
  private final String source;
  private final boolean negated;
  private final Pattern regex;

  private FilterPattern(String source, boolean negated, Pattern regex) {
    this.source = source;
    this.negated = negated;
    this.regex = regex;
  }

  /**
   * Compiles {@code source} as written in the workflow, {@code !} included.
   *
   * @throws IllegalArgumentException whose message says what is wrong (for the parser to position)
   */
  public static FilterPattern compile(String source) {
    boolean negated = source.startsWith("!");
    String body = negated ? source.substring(1) : source;
    if (body.isEmpty()) throw new IllegalArgumentException("the pattern is empty");
    return new FilterPattern(source, negated, Pattern.compile(toRegex(body)));
  }

  /** The pattern as written, including a leading {@code !}. */
  public String source() {
    return source;
  }

  public boolean negated() {
    return negated;
  }

  /** Whether the glob (without its {@code !}) matches the whole of {@code name}. */
  public boolean matches(String name) {
    return regex.matcher(name).matches();
  }

  private static String toRegex(String glob) {
    List<String> atoms = new ArrayList<>();
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> i = star(glob, i, atoms);
        case '?', '+' -> {
          if (atoms.isEmpty()) {
            atoms.add(literal(c));
          } else {
            atoms.set(atoms.size() - 1, "(?:" + atoms.get(atoms.size() - 1) + ")" + c);
          }
          i++;
        }
        case '[' -> i = bracket(glob, i, atoms);
        case '\\' -> {
          if (i + 1 >= glob.length()) {
            throw new IllegalArgumentException("'\\' at the end escapes nothing");
          }
          atoms.add(literal(glob.charAt(i + 1)));
          i += 2;
        }
        default -> {
          atoms.add(literal(c));
          i++;
        }
      }
    }
    return String.join("", atoms);
  }

  private static int star(String glob, int i, List<String> atoms) {
    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
      if (i + 2 < glob.length() && glob.charAt(i + 2) == '/') {
        atoms.add("(?:.+/)?"); // "**/" also matches no directory at all: '**/README.md'
        return i + 3;
      }
      atoms.add(".*");
      return i + 2;
    }
    atoms.add("[^/]*");
    return i + 1;
  }

  private static int bracket(String glob, int open, List<String> atoms) {
    int close = glob.indexOf(']', open + 1);
    if (close < 0) throw new IllegalArgumentException("'[' at " + (open + 1) + " has no closing ']'");
    String set = glob.substring(open + 1, close);
    if (set.isEmpty()) throw new IllegalArgumentException("'[]' is empty; list characters or ranges in it");
    StringBuilder b = new StringBuilder("[");
    for (int j = 0; j < set.length(); j++) {
      char c = set.charAt(j);
      if (j + 2 < set.length() && set.charAt(j + 1) == '-') {
        char end = set.charAt(j + 2);
        if (!sameRangeClass(c, end) || c > end) {
          throw new IllegalArgumentException("range '" + c + "-" + end + "' in '[" + set
              + "]' is invalid; ranges can only include a-z, A-Z and 0-9");
        }
        b.append(c).append('-').append(end);
        j += 2;
      } else if (isAsciiAlphanumeric(c)) {
        b.append(c);
      } else {
        throw new IllegalArgumentException("'" + c + "' in '[" + set
            + "]' is not allowed; brackets hold only letters, digits and ranges a-z, A-Z, 0-9");
      }
    }
    atoms.add(b.append(']').toString());
    return close + 1;
  }

  private static boolean sameRangeClass(char a, char b) {
    return (a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z')
        || (a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z')
        || (a >= '0' && a <= '9' && b >= '0' && b <= '9');
  }

  private static boolean isAsciiAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static String literal(char c) {
    return isAsciiAlphanumeric(c) || c == '/' || c == '-' || c == '_' ? String.valueOf(c)
        : Pattern.quote(String.valueOf(c));
  }

  /** Two patterns are equal when written the same way. */
  @Override
  public boolean equals(Object o) {
    return o instanceof FilterPattern other && other.source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
