package dev.hearth.engine.step;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code ::name prop=value,…::data} line a step printed, its data and properties unescaped.
 *
 * @param name the command ({@code error}, {@code add-mask}, …) as written
 * @param properties the properties in the order written (empty keys dropped)
 * @param data the text after the second {@code ::}
 */
public record WorkflowCommand(String name, Map<String, String> properties, String data) {

  /** The commands GitHub's runner knows; any other {@code ::x::} line is plain output. */
  public static final Set<String> KNOWN = Set.of("error", "warning", "notice", "debug", "group", "endgroup",
      "add-mask", "stop-commands", "echo", "set-output", "save-state", "set-env", "add-path",
      "add-matcher", "remove-matcher");

  public WorkflowCommand {
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /**
   * Parses {@code line} as a command whose name is {@code known} (compared ignoring case) or is the
   * current stop token. Leading whitespace is allowed, as on GitHub.
   */
  public static Optional<WorkflowCommand> parse(String line, Set<String> known, String stopToken) {
    String s = line.stripLeading();
    if (!s.startsWith("::")) return Optional.empty();
    int end = s.indexOf("::", 2);
    if (end < 0) return Optional.empty();
    String info = s.substring(2, end);
    int space = info.indexOf(' ');
    String name = space < 0 ? info : info.substring(0, space);
    boolean isStop = stopToken != null && name.equalsIgnoreCase(stopToken);
    if (!isStop && known.stream().noneMatch(name::equalsIgnoreCase)) return Optional.empty();
    Map<String, String> props = new LinkedHashMap<>();
    if (space >= 0) {
      for (String pair : info.substring(space + 1).split(",")) {
        int eq = pair.indexOf('=');
        if (eq <= 0 || pair.isBlank()) continue;
        String key = pair.substring(0, eq).trim();
        if (!key.isEmpty()) props.put(key, unescapeProperty(pair.substring(eq + 1)));
      }
    }
    return Optional.of(new WorkflowCommand(name, props, unescapeData(s.substring(end + 2))));
  }

  /** {@link #parse} against {@link #KNOWN}, with no stop token. */
  public static Optional<WorkflowCommand> parse(String line) {
    return parse(line, KNOWN, null);
  }

  /** {@code %0D} → CR, {@code %0A} → LF, {@code %25} → %; anything else kept. */
  static String unescapeData(String text) {
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%");
  }

  /** As {@link #unescapeData}, plus {@code %3A} → ':' and {@code %2C} → ','. */
  static String unescapeProperty(String text) {
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
        .replace("%25", "%");
  }

  /** Whether the name is {@code other}, ignoring case as GitHub does. */
  public boolean is(String other) {
    return name.equalsIgnoreCase(other);
  }
}
