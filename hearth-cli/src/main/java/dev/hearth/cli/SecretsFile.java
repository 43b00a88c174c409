package dev.hearth.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads secrets in dotenv form: one {@code NAME=value} per line; blank lines and lines starting
 * with {@code #} are ignored; {@code export } before a name is allowed; a value in double quotes
 * may use {@code \n}, {@code \"} and {@code \\}; a value in single quotes is taken as written.
 * Errors are {@link IllegalArgumentException}s that name the file and line, never the value.
 */
final class SecretsFile {
  /** A secret's name as GitHub allows it: letters, digits and underscores, not starting with a digit. */
  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private SecretsFile() {}

  static Map<String, String> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such file");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, String> secrets = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      String where = file + ":" + (i + 1) + ": ";
      if (line.startsWith("export ")) line = line.substring("export ".length()).stripLeading();
      int eq = line.indexOf('=');
      if (eq < 0) throw new IllegalArgumentException(where + "expected NAME=value");
      String name = line.substring(0, eq).strip();
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(where + "'" + name + "' is not a secret name (letters, digits, _)");
      }
      secrets.put(name, value(line.substring(eq + 1).strip(), where));
    }
    return secrets;
  }

  private static String value(String raw, String where) {
    if (raw.length() >= 2 && raw.startsWith("'") && raw.endsWith("'")) return raw.substring(1, raw.length() - 1);
    if (!raw.startsWith("\"")) return raw;
    if (raw.length() < 2 || !raw.endsWith("\"")) throw new IllegalArgumentException(where + "the quoted value is not closed");
    StringBuilder b = new StringBuilder();
    for (int i = 1; i < raw.length() - 1; i++) {
      char c = raw.charAt(i);
      if (c != '\\' || i + 1 == raw.length() - 1) {
        b.append(c);
        continue;
      }
      char next = raw.charAt(++i);
      b.append(switch (next) {
        case 'n' -> '\n';
        case 't' -> '\t';
        default -> next;
      });
    }
    return b.toString();
  }
}
