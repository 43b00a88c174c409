package dev.hearth.workflow.parse;

import java.util.Optional;

/** The forms {@code uses} may take in a step and in a job that calls a reusable workflow. */
final class UsesRules {
  private UsesRules() {}

  /** Why a step's {@code uses} is malformed: it must be ./local, docker://image or org/repo[/path]@ref. */
  static Optional<String> stepProblem(String uses) {
    if (uses.startsWith("./") || uses.startsWith(".\\") || uses.startsWith("docker://")) return Optional.empty();
    if (isRepositoryReference(uses)) return Optional.empty();
    return Optional.of("'uses' must have the form {org}/{repo}[/path]@ref, ./local/path or docker://image,"
        + " but is '" + uses + "'");
  }

  /** Why a job's {@code uses} is malformed: ./.github/workflows/x.yml or org/repo/.github/workflows/x.yml@ref. */
  static Optional<String> workflowProblem(String uses) {
    if (uses.startsWith("./")) return Optional.empty();
    int at = uses.lastIndexOf('@');
    if (at > 0 && at < uses.length() - 1 && uses.substring(0, at).split("/").length >= 3) return Optional.empty();
    return Optional.of("a reusable workflow 'uses' must have the form {owner}/{repo}/{path}@ref or"
        + " ./{path}, but is '" + uses + "'");
  }

  private static boolean isRepositoryReference(String uses) {
    int at = uses.lastIndexOf('@');
    if (at <= 0 || at == uses.length() - 1) return false;
    String[] parts = uses.substring(0, at).split("/", -1);
    if (parts.length < 2) return false;
    for (String p : parts) {
      if (p.isEmpty() || p.equals(".") || p.equals("..")) return false;
    }
    char first = uses.charAt(0);
    return Character.isLetterOrDigit(first) || first == '_' || first == '-';
  }
}
