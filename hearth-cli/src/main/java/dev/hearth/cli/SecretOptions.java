package dev.hearth.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The secrets of {@code -s} and {@code --secret-file}. {@code -s NAME} takes the value of the
 * environment variable NAME (as act does), which keeps it out of {@code ps}; {@code -s NAME=VALUE}
 * works but puts the value on the command line, so it draws a warning. Later sources win: the file
 * first, then each {@code -s} in order.
 */
final class SecretOptions {
  private SecretOptions() {}

  static Map<String, String> resolve(List<String> flags, Path file, Function<String, String> environment,
      PrintWriter warnings) throws IOException {
    Map<String, String> secrets = new LinkedHashMap<>();
    if (file != null) secrets.putAll(SecretsFile.read(file));
    boolean warned = false;
    for (String flag : flags) {
      int eq = flag.indexOf('=');
      String name = eq < 0 ? flag : flag.substring(0, eq);
      if (!SecretsFile.NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("-s " + name + ": not a secret name (letters, digits, _)");
      }
      if (eq >= 0) {
        if (!warned) {
          warnings.println("hearth run: warning: -s NAME=VALUE shows the value to anyone who can run ps;"
              + " prefer -s NAME (from the environment) or --secret-file");
          warned = true;
        }
        secrets.put(name, flag.substring(eq + 1));
        continue;
      }
      String value = environment.apply(name);
      if (value == null) throw new IllegalArgumentException("-s " + name + ": the environment has no variable " + name);
      secrets.put(name, value);
    }
    return secrets;
  }
}
