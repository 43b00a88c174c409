package dev.hearth.workflow.event;

import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.yaml.YamlMapping;
import dev.hearth.workflow.yaml.YamlNode;
import dev.hearth.workflow.yaml.YamlSequence;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads {@code on.schedule}: a list of {@code - cron: '…'} entries, each with an optional timezone. */
final class ScheduleParser {
  private static final Set<String> KEYS = Set.of("cron", "timezone");

  private ScheduleParser() {}

  static List<CronSchedule> parse(YamlNode value, List<WorkflowError> errors) {
    if (!(value instanceof YamlSequence seq)) {
      errors.add(new WorkflowError(value.position(), "'schedule' must be a list of '- cron: ...' "
          + "entries; got " + value.describe()));
      return List.of();
    }
    List<CronSchedule> out = new ArrayList<>();
    for (YamlNode item : seq.items()) {
      if (item instanceof YamlMapping m) {
        entry(m, errors).ifPresent(out::add);
      } else {
        errors.add(new WorkflowError(item.position(),
            "a 'schedule' entry must be a mapping with a 'cron'; got " + item.describe()));
      }
    }
    return out;
  }

  private static Optional<CronSchedule> entry(YamlMapping m, List<WorkflowError> errors) {
    Nodes.checkKeys(m, KEYS, "in a 'schedule' entry", errors);
    Optional<ZoneId> zone = m.get("timezone")
        .flatMap(n -> Nodes.scalar(n, "'timezone'", errors).flatMap(t -> zone(t, n, errors)));
    Optional<YamlNode> cronNode = m.get("cron");
    if (cronNode.isEmpty()) {
      errors.add(new WorkflowError(m.position(), "a 'schedule' entry needs a 'cron'"));
      return Optional.empty();
    }
    YamlNode node = cronNode.get();
    Optional<String> text = Nodes.scalar(node, "'cron'", errors);
    if (text.isEmpty()) return Optional.empty();
    try {
      return Optional.of(new CronSchedule(CronExpression.parse(text.get()), zone, node.position()));
    } catch (IllegalArgumentException e) {
      errors.add(new WorkflowError(node.position(),
          "invalid cron '" + text.get() + "': " + e.getMessage()));
      return Optional.empty();
    }
  }

  private static Optional<ZoneId> zone(String text, YamlNode node, List<WorkflowError> errors) {
    try {
      if (text.contains("/") || text.equals("UTC")) return Optional.of(ZoneId.of(text));
    } catch (DateTimeException e) {
      // reported below
    }
    errors.add(new WorkflowError(node.position(), "invalid timezone '" + text
        + "'; expected an IANA zone such as 'America/New_York' or 'Europe/London'"));
    return Optional.empty();
  }
}
