package dev.hearth.workflow.parse;

import dev.hearth.workflow.model.Job;
import dev.hearth.workflow.model.Permissions;
import dev.hearth.workflow.model.Workflow;
import dev.hearth.workflow.source.WorkflowError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * GitHub's rule for permissions across a reusable-workflow call: a called workflow (at its
 * workflow level, or in any of its jobs) may request no more than the calling job is allowed — the
 * calling job's own {@code permissions}, else its workflow's, else the repository's default policy.
 */
final class CallPermissions {
  private static final List<String> LEVELS = List.of("none", "read", "write");

  private CallPermissions() {}

  /** What {@code call} (a job of {@code caller}) may pass on; {@code inherited} applies when neither sets any. */
  static Map<String, String> allowed(Workflow caller, Job call, Map<String, String> inherited) {
    Permissions granted = call.permissions() != null ? call.permissions() : caller.permissions();
    return granted != null ? levels(granted) : inherited;
  }

  static void check(Job call, Workflow callee, Map<String, String> allowed, List<WorkflowError> errors) {
    String uses = call.call().uses().text();
    if (callee.permissions() != null) {
      exceeding(levels(callee.permissions()), allowed).ifPresent(too -> errors.add(new WorkflowError(call.idPosition(),
          "error calling workflow '" + uses + "': the workflow '" + uses + "' is requesting " + too)));
    }
    for (Job job : callee.jobs()) {
      if (job.permissions() == null) continue;
      String name = job.name() != null ? job.name().text() : job.id();
      exceeding(levels(job.permissions()), allowed).ifPresent(too -> errors.add(new WorkflowError(call.idPosition(),
          "error calling workflow '" + uses + "': the nested job '" + name + "' is requesting " + too)));
    }
  }

  /** "'a: write, b: read', but is only allowed 'a: read, b: none'", or empty when nothing exceeds. */
  private static java.util.Optional<String> exceeding(Map<String, String> requested, Map<String, String> allowed) {
    Map<String, String> over = new LinkedHashMap<>();
    requested.forEach((scope, level) -> {
      if (LEVELS.indexOf(level) > LEVELS.indexOf(allowed.get(scope))) over.put(scope, level);
    });
    if (over.isEmpty()) return java.util.Optional.empty();
    return java.util.Optional.of("'" + join(over) + "', but is only allowed '"
        + join(over.keySet().stream().collect(Collectors.toMap(s -> s, allowed::get, (a, b) -> a, LinkedHashMap::new)))
        + "'");
  }

  private static Map<String, String> levels(Permissions p) {
    Map<String, String> out = new LinkedHashMap<>();
    String all = p.all() == null ? "none" : p.all().equals("write-all") ? "write" : "read";
    for (String scope : Sections.PERMISSION_SCOPES) out.put(scope, p.scopes().getOrDefault(scope, all));
    return out;
  }

  static Map<String, String> defaults(PermissionsPolicy policy) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String scope : Sections.PERMISSION_SCOPES) {
      boolean readable = scope.equals("contents") || scope.equals("packages");
      out.put(scope, policy == PermissionsPolicy.WRITE ? "write" : readable ? "read" : "none");
    }
    return out;
  }

  private static String join(Map<String, String> levels) {
    List<String> parts = new ArrayList<>();
    levels.forEach((scope, level) -> parts.add(scope + ": " + level));
    return String.join(", ", parts);
  }
}
