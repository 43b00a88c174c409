package dev.hearth.workflow.event;

import dev.hearth.workflow.source.DidYouMean;
import dev.hearth.workflow.source.Position;
import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.yaml.YamlMapping;
import dev.hearth.workflow.yaml.YamlNode;
import dev.hearth.workflow.yaml.YamlScalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one event's settings under {@code on:} (every event but schedule, workflow_dispatch and
 * workflow_call): {@code types}, the branch, tag and path filters, {@code workflows}, and the
 * {@code names}/{@code versions} of {@code image_version}.
 */
final class FilterParser {
  private FilterParser() {}

  static EventTrigger parse(String event, Position at, YamlNode value, List<WorkflowError> errors) {
    EventCatalog.Spec spec = EventCatalog.spec(event).orElseThrow();
    String where = "under '" + event + "'";
    YamlMapping m;
    if (value instanceof YamlMapping mapping) {
      m = mapping;
    } else if (Nodes.isNull(value)) {
      m = new YamlMapping(List.of(), value.position());
    } else {
      String takes = spec.keys().isEmpty() ? "takes no settings"
          : "takes a mapping of its settings or nothing";
      errors.add(new WorkflowError(value.position(), "'" + event + "' " + takes + "; got "
          + Nodes.quoted(value)));
      return EventTrigger.of(event, at);
    }
    Nodes.checkKeys(m, spec.keys(), where, errors);
    List<String> types = spec.keys().contains("types") ? types(event, spec, m, errors) : List.of();
    List<String> workflows = spec.keys().contains("workflows")
        ? m.get("workflows").map(n -> texts(Nodes.stringOrList(n, "'workflows' " + where, errors)))
            .orElse(List.of())
        : List.of();
    return new EventTrigger(event, types,
        pair(event, spec, m, "branches", errors),
        pair(event, spec, m, "tags", errors),
        pair(event, spec, m, "paths", errors),
        workflows,
        single(event, spec, m, "names", errors),
        single(event, spec, m, "versions", errors),
        at);
  }

  private static List<String> types(String event, EventCatalog.Spec spec, YamlMapping m,
      List<WorkflowError> errors) {
    Optional<YamlNode> node = m.get("types");
    if (node.isEmpty()) return List.of();
    List<String> out = new ArrayList<>();
    for (YamlScalar s : Nodes.stringOrList(node.get(), "'types' under '" + event + "'", errors)) {
      if (!spec.activityTypes().isEmpty() && !spec.activityTypes().contains(s.text())) {
        String hint = DidYouMean.closest(s.text(), spec.activityTypes())
            .map(c -> "; did you mean '" + c + "'?")
            .orElse("; expected one of: " + String.join(", ", spec.activityTypes()));
        errors.add(new WorkflowError(s.position(),
            "unknown activity type '" + s.text() + "' for '" + event + "'" + hint));
      } else {
        out.add(s.text());
      }
    }
    return out;
  }

  /** {@code key} or {@code key-ignore}, never both (GitHub rejects both for one event). */
  private static Optional<PatternFilter> pair(String event, EventCatalog.Spec spec, YamlMapping m,
      String key, List<WorkflowError> errors) {
    String ignoreKey = key + "-ignore";
    Optional<YamlMapping.Entry> include = spec.keys().contains(key) ? m.entry(key) : Optional.empty();
    Optional<YamlMapping.Entry> ignore =
        spec.keys().contains(ignoreKey) ? m.entry(ignoreKey) : Optional.empty();
    if (include.isPresent() && ignore.isPresent()) {
      YamlMapping.Entry later = m.entries().indexOf(include.get()) > m.entries().indexOf(ignore.get())
          ? include.get() : ignore.get();
      errors.add(new WorkflowError(later.key().position(), "'" + key + "' and '" + ignoreKey
          + "' cannot both be set for '" + event + "'; to include and exclude, use '" + key
          + "' with '!' patterns"));
      return Optional.empty();
    }
    if (include.isPresent()) return Optional.of(filter(event, include.get(), false, errors));
    return ignore.map(e -> filter(event, e, true, errors));
  }

  private static Optional<PatternFilter> single(String event, EventCatalog.Spec spec, YamlMapping m,
      String key, List<WorkflowError> errors) {
    if (!spec.keys().contains(key)) return Optional.empty();
    return m.entry(key).map(e -> filter(event, e, false, errors));
  }

  private static PatternFilter filter(String event, YamlMapping.Entry e, boolean ignore,
      List<WorkflowError> errors) {
    String where = "'" + e.name() + "' under '" + event + "'";
    List<FilterPattern> patterns = new ArrayList<>();
    for (YamlScalar s : Nodes.stringOrList(e.value(), where, errors)) {
      try {
        patterns.add(FilterPattern.compile(s.text()));
      } catch (IllegalArgumentException ex) {
        errors.add(new WorkflowError(s.position(),
            "invalid pattern '" + s.text() + "' in " + where + ": " + ex.getMessage()));
      }
    }
    return new PatternFilter(e.name(), ignore, patterns, e.key().position());
  }

  private static List<String> texts(List<YamlScalar> scalars) {
    return scalars.stream().map(YamlScalar::text).toList();
  }
}
