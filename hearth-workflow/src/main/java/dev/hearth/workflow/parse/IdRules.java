package dev.hearth.workflow.parse;

import java.util.Optional;
import java.util.regex.Pattern;

/** GitHub's rules for job and step ids. */
final class IdRules {
  private static final Pattern VALID = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
  static final int MAX_LENGTH = 100;

  private IdRules() {}

  /** Why {@code id} is not a valid job or step id, or empty when it is. */
  static Optional<String> problem(String id, String what) {
    if (id.startsWith("__")) {
      return Optional.of("the " + what + " id '" + id + "' is invalid: ids starting with '__' are reserved");
    }
    if (!VALID.matcher(id).matches() || id.length() >= MAX_LENGTH) {
      return Optional.of("the " + what + " id '" + id + "' is invalid: ids must start with a letter or '_',"
          + " contain only letters, digits, '_' and '-', and be shorter than " + MAX_LENGTH + " characters");
    }
    return Optional.empty();
  }
}
