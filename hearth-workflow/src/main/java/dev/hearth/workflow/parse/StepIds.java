package dev.hearth.workflow.parse;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The ids GitHub gives steps that have none: {@code __run} for scripts, {@code __org_repo[_path]}
 * for actions, {@code __image} for {@code docker://image}, made unique with {@code _2}, {@code _3},
 * … and at most 100 characters long. Ids compare case-insensitively.
 */
final class StepIds {
  private final Set<String> taken = new HashSet<>();

  /** Records an id the workflow gave a step itself; false when it is already used in this job. */
  boolean claim(String id) {
    return taken.add(id.toLowerCase(Locale.ROOT));
  }

  String generate(String uses) {
    String base = "__" + segment(uses == null ? "run" : source(uses));
    if (base.length() > IdRules.MAX_LENGTH) base = base.substring(0, IdRules.MAX_LENGTH);
    String id = base;
    for (int n = 2; !claim(id); n++) {
      String suffix = "_" + n;
      id = (base.length() + suffix.length() > IdRules.MAX_LENGTH
          ? base.substring(0, IdRules.MAX_LENGTH - suffix.length()) : base) + suffix;
    }
    return id;
  }

  private static String source(String uses) {
    if (uses.startsWith("docker://")) return uses.substring("docker://".length());
    int at = uses.lastIndexOf('@');
    return at > 0 && !uses.startsWith("./") ? uses.substring(0, at) : uses;
  }

  private static String segment(String text) {
    StringBuilder b = new StringBuilder();
    for (char c : text.toCharArray()) {
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      b.append(ok ? c : '_');
    }
    return b.toString();
  }
}
