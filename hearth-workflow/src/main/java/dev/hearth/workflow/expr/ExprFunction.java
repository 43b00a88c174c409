package dev.hearth.workflow.expr;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every function Hearth knows, with GitHub's spelling and argument counts. The first eight are
 * always available; the others only where an {@link ExpressionScope} lists them (GitHub allows
 * {@code hashFiles} and the status functions only in some places).
 */
public enum ExprFunction {
  CONTAINS("contains", 2, 2, false),
  STARTS_WITH("startsWith", 2, 2, false),
  ENDS_WITH("endsWith", 2, 2, false),
  FORMAT("format", 1, 255, false),
  JOIN("join", 1, 2, false),
  TO_JSON("toJSON", 1, 1, false),
  FROM_JSON("fromJSON", 1, 1, false),
  CASE("case", 3, Integer.MAX_VALUE, false),
  HASH_FILES("hashFiles", 1, 255, true),
  SUCCESS("success", 0, 0, true),
  ALWAYS("always", 0, 0, true),
  CANCELLED("cancelled", 0, 0, true),
  FAILURE("failure", 0, 0, true);

  private static final Map<String, ExprFunction> BY_LOWER_NAME = new HashMap<>();

  static {
    for (ExprFunction f : values()) {
      BY_LOWER_NAME.put(f.displayName.toLowerCase(Locale.ROOT), f);
    }
  }

  private final String displayName;
  private final int minArgs;
  private final int maxArgs;
  private final boolean scoped;

  ExprFunction(String displayName, int minArgs, int maxArgs, boolean scoped) {
    this.displayName = displayName;
    this.minArgs = minArgs;
    this.maxArgs = maxArgs;
    this.scoped = scoped;
  }

  /** The function named {@code name} (any case), or null. */
  public static ExprFunction byName(String name) {
    return BY_LOWER_NAME.get(name.toLowerCase(Locale.ROOT));
  }

  public String displayName() {
    return displayName;
  }

  public int minArgs() {
    return minArgs;
  }

  public int maxArgs() {
    return maxArgs;
  }

  /** True when the function is usable only where a scope allows it. */
  public boolean scoped() {
    return scoped;
  }

  /** True for {@code success}, {@code always}, {@code cancelled} and {@code failure}. */
  public boolean isStatusFunction() {
    return this == SUCCESS || this == ALWAYS || this == CANCELLED || this == FAILURE;
  }
}
