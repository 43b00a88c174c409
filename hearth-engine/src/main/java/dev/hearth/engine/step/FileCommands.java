package dev.hearth.engine.step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parsers for the files a step writes to set variables: {@code $GITHUB_ENV}, {@code $GITHUB_OUTPUT}
 * and {@code $GITHUB_STATE} hold {@code NAME=value} lines and {@code NAME<<DELIMITER} blocks;
 * {@code $GITHUB_PATH} holds one directory per line. Messages are GitHub's.
 */
public final class FileCommands {
  private FileCommands() {}

  /**
   * The pairs of a key-value file in order (a later pair for the same name wins in the map). Empty
   * lines are skipped; a value ends at the newline, which is not part of it ({@code \r\n} too).
   *
   * @throws FileCommandException for a line that is neither form, an empty name, or a block whose
   *     delimiter never comes
   */
  public static Map<String, String> parseKeyValues(String text) throws FileCommandException {
    Map<String, String> out = new LinkedHashMap<>();
    Lines lines = new Lines(text);
    String line;
    while ((line = lines.next()) != null) {
      if (line.isEmpty()) continue;
      int eq = line.indexOf('=');
      int heredoc = line.indexOf("<<");
      if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
        String name = line.substring(0, eq);
        if (name.isEmpty()) throw new FileCommandException(lines.number(), "Invalid format '" + line + "'. Name must not be empty");
        out.put(name, line.substring(eq + 1));
      } else if (heredoc >= 0) {
        String name = line.substring(0, heredoc);
        String delimiter = line.substring(heredoc + 2);
        if (name.isEmpty() || delimiter.isEmpty()) {
          throw new FileCommandException(lines.number(), "Invalid format '" + line + "'. Name must not be empty");
        }
        out.put(name, block(lines, delimiter));
      } else {
        throw new FileCommandException(lines.number(), "Invalid format '" + line + "'");
      }
    }
    return out;
  }

  private static String block(Lines lines, String delimiter) throws FileCommandException {
    int opened = lines.number();
    List<String> value = new ArrayList<>();
    while (true) {
      String line = lines.next();
      if (line == null) throw new FileCommandException(opened, "Invalid value. Matching delimiter not found '" + delimiter + "'");
      if (line.equals(delimiter)) return String.join("\n", value);
      if (!lines.lastHadNewline()) throw new FileCommandException(lines.number(), "Invalid value. EOF marker missing new line.");
      value.add(line);
    }
  }

  /** The directories of a {@code $GITHUB_PATH} file, in the order written, blank lines skipped. */
  public static List<String> parsePaths(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\r?\n")) {
      if (!line.isBlank()) out.add(line.strip());
    }
    return out;
  }

  /** Lines without their terminator ({@code \n} or {@code \r\n}); knows whether the last one had one. */
  private static final class Lines {
    private final String text;
    private int at;
    private boolean newline;
    private int number;

    Lines(String text) {
      this.text = text;
    }

    String next() {
      if (at >= text.length()) return null;
      number++;
      int nl = text.indexOf('\n', at);
      int end = nl < 0 ? text.length() : nl;
      String line = text.substring(at, end);
      newline = nl >= 0;
      at = nl < 0 ? text.length() : nl + 1;
      return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** The 1-based number of the line {@link #next()} returned last. */
    int number() {
      return number;
    }

    boolean lastHadNewline() {
      return newline;
    }
  }
}
