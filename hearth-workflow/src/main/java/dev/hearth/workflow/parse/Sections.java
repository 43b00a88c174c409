package dev.hearth.workflow.parse;

import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.model.BoolValue;
import dev.hearth.workflow.model.Concurrency;
import dev.hearth.workflow.model.Environment;
import dev.hearth.workflow.model.Permissions;
import dev.hearth.workflow.model.RunDefaults;
import dev.hearth.workflow.model.Value;
import dev.hearth.workflow.yaml.YamlMapping;
import dev.hearth.workflow.yaml.YamlNode;
import dev.hearth.workflow.yaml.YamlScalar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The small settings shared by the workflow and its jobs: permissions, concurrency, defaults, environment. */
final class Sections {
  static final List<String> PERMISSION_SCOPES = List.of("actions", "attestations", "checks", "contents",
      "deployments", "discussions", "id-token", "issues", "models", "packages", "pages", "pull-requests",
      "repository-projects", "security-events", "statuses");
  private static final Set<String> LEVELS = Set.of("read", "write", "none");

  private final Reader r;

  Sections(Reader r) {
    this.r = r;
  }

  Permissions permissions(YamlNode node) {
    if (node instanceof YamlScalar s && s.isString()) {
      if (s.text().equals("read-all") || s.text().equals("write-all")) {
        return new Permissions(s.text(), Map.of(), s.position());
      }
      r.error(s.position(), "'permissions' must be 'read-all', 'write-all' or a mapping of scopes to levels,"
          + " but is '" + s.text() + "'");
      return null;
    }
    YamlMapping m = r.mapping(node, "permissions");
    if (m == null) return null;
    r.checkKeys(m, PERMISSION_SCOPES, "'permissions'");
    Map<String, String> scopes = new LinkedHashMap<>();
    for (YamlMapping.Entry e : m.entries()) {
      if (!PERMISSION_SCOPES.contains(e.name())) continue;
      String level = e.value() instanceof YamlScalar s && s.isString() ? s.text() : null;
      Set<String> allowed = switch (e.name()) {
        case "id-token" -> Set.of("write", "none");
        case "models" -> Set.of("read", "none");
        default -> LEVELS;
      };
      if (level == null || !allowed.contains(level)) {
        r.wrongType(e.value(), "permissions." + e.name(), "one of " + String.join(", ", allowed.stream().sorted().toList()));
      } else {
        scopes.put(e.name(), level);
      }
    }
    return new Permissions(null, scopes, m.position());
  }

  Concurrency concurrency(YamlNode node, ExpressionScope scope) {
    if (node instanceof YamlScalar) {
      Value group = r.string(node, "concurrency", scope);
      return group == null ? null : new Concurrency(group, BoolValue.of(false, node.position()), node.position());
    }
    YamlMapping m = r.mapping(node, "concurrency");
    if (m == null) return null;
    r.checkKeys(m, List.of("group", "cancel-in-progress", "queue"), "'concurrency'");
    Value group = m.get("group").map(v -> r.string(v, "concurrency.group", scope)).orElse(null);
    if (m.get("group").isEmpty()) r.missing(m, "group", "'concurrency'");
    m.get("queue").ifPresent(v -> r.string(v, "concurrency.queue", null));
    BoolValue cancel = m.get("cancel-in-progress").map(v -> r.bool(v, "cancel-in-progress", scope))
        .orElse(BoolValue.of(false, m.position()));
    return new Concurrency(group, cancel, m.position());
  }

  RunDefaults defaults(YamlNode node, ExpressionScope scope) {
    YamlMapping m = r.mapping(node, "defaults");
    if (m == null) return RunDefaults.NONE;
    r.checkKeys(m, List.of("run"), "'defaults'");
    YamlNode runNode = m.get("run").orElse(null);
    if (runNode == null) return RunDefaults.NONE;
    YamlMapping run = r.mapping(runNode, "defaults.run");
    if (run == null) return RunDefaults.NONE;
    r.checkKeys(run, List.of("shell", "working-directory"), "'defaults.run'");
    Value shell = run.get("shell").map(v -> r.string(v, "shell", scope)).orElse(null);
    Value dir = run.get("working-directory").map(v -> r.string(v, "working-directory", scope)).orElse(null);
    return new RunDefaults(shell, dir, run.position());
  }

  Environment environment(YamlNode node) {
    if (node instanceof YamlScalar) {
      Value name = r.string(node, "environment", ExpressionScope.JOB_ENVIRONMENT);
      return name == null ? null : new Environment(name, null, node.position());
    }
    YamlMapping m = r.mapping(node, "environment");
    if (m == null) return null;
    r.checkKeys(m, List.of("name", "url", "deployment"), "'environment'");
    if (m.get("name").isEmpty()) r.missing(m, "name", "'environment'");
    Value name = m.get("name").map(v -> r.string(v, "environment.name", ExpressionScope.JOB_ENVIRONMENT)).orElse(null);
    Value url = m.get("url").map(v -> r.string(v, "environment.url", ExpressionScope.JOB_ENVIRONMENT_URL)).orElse(null);
    m.get("deployment").ifPresent(v -> r.bool(v, "environment.deployment", ExpressionScope.JOB_ENVIRONMENT));
    return new Environment(name, url, m.position());
  }
}
