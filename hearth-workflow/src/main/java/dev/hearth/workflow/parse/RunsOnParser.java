package dev.hearth.workflow.parse;

import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.model.RunsOn;
import dev.hearth.workflow.model.Value;
import dev.hearth.workflow.yaml.YamlMapping;
import dev.hearth.workflow.yaml.YamlNode;
import dev.hearth.workflow.yaml.YamlScalar;
import dev.hearth.workflow.yaml.YamlSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code runs-on}: a label, a list of labels, or {@code group} and/or {@code labels}. */
final class RunsOnParser {
  private static final Set<String> GROUP_PREFIXES = Set.of("org", "organization", "ent", "enterprise");
  private final Reader r;

  RunsOnParser(Reader r) {
    this.r = r;
  }

  RunsOn parse(YamlNode node) {
    if (node instanceof YamlScalar s) {
      Value v = r.string(s, "runs-on", ExpressionScope.JOB_RUNS_ON);
      if (v == null) return null;
      return v.text().strip().startsWith("${{") && v.text().strip().endsWith("}}")
          ? new RunsOn(List.of(), null, v, s.position())
          : new RunsOn(List.of(v), null, null, s.position());
    }
    if (node instanceof YamlSequence seq) return new RunsOn(labels(seq), null, null, seq.position());
    YamlMapping m = r.mapping(node, "runs-on");
    if (m == null) return null;
    r.checkKeys(m, List.of("group", "labels"), "'runs-on'");
    Value group = m.get("group").map(this::group).orElse(null);
    List<Value> labels = new ArrayList<>();
    m.get("labels").ifPresent(l -> {
      if (l instanceof YamlSequence seq) labels.addAll(labels(seq));
      else if (l instanceof YamlScalar) java.util.Optional.ofNullable(r.string(l, "runs-on.labels", ExpressionScope.JOB_RUNS_ON)).ifPresent(labels::add);
      else r.wrongType(l, "runs-on.labels", "a label or a sequence of labels");
    });
    return new RunsOn(labels, group, null, m.position());
  }

  private List<Value> labels(YamlSequence seq) {
    List<Value> out = new ArrayList<>();
    for (YamlNode item : seq.items()) {
      Value v = r.string(item, "runs-on", ExpressionScope.JOB_RUNS_ON);
      if (v != null) out.add(v);
    }
    return out;
  }

  private Value group(YamlNode node) {
    Value v = r.string(node, "runs-on.group", ExpressionScope.JOB_RUNS_ON);
    if (v == null || v.hasExpressions()) return v;
    String name = v.text();
    int slash = name.indexOf('/');
    if (slash < 0) return v;
    String prefix = name.substring(0, slash);
    String rest = name.substring(slash + 1);
    if (rest.isEmpty()) {
      r.error(v.position(), "invalid runs-on group name '" + name + "': the group name after '" + prefix + "/' is empty");
    } else if (!GROUP_PREFIXES.contains(prefix) || rest.contains("/")) {
      r.error(v.position(), "invalid runs-on group name '" + name + "': use the prefix 'organization/' or"
          + " 'enterprise/' to target a single runner group");
    }
    return v;
  }
}
