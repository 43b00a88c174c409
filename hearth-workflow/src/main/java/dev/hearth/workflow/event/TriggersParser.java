package dev.hearth.workflow.event;

import dev.hearth.workflow.source.DidYouMean;
import dev.hearth.workflow.source.Position;
import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.yaml.YamlMapping;
import dev.hearth.workflow.yaml.YamlNode;
import dev.hearth.workflow.yaml.YamlScalar;
import dev.hearth.workflow.yaml.YamlSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code on:} in its three forms (an event name, a list of names, or a mapping of events to
 * their settings) and checks it as GitHub does: known event names, the keys each event takes,
 * documented activity types, filter pairs that exclude each other, valid patterns, crons and input
 * definitions. Every problem becomes a positioned {@link WorkflowError}; nothing is thrown.
 */
public final class TriggersParser {
  private TriggersParser() {}

  /** Parses the value of {@code on:}, adding every problem to {@code errors}; never throws. */
  public static Triggers parse(YamlNode on, List<WorkflowError> errors) {
    Collected c = new Collected();
    switch (on) {
      case YamlScalar s when !s.isNull() -> name(s, c, errors);
      case YamlSequence seq -> {
        for (YamlNode item : seq.items()) {
          if (item instanceof YamlScalar s && !s.isNull()) {
            name(s, c, errors);
          } else {
            errors.add(new WorkflowError(item.position(),
                "an event in the list under 'on' must be an event name; got " + item.describe()));
          }
        }
      }
      case YamlMapping m -> {
        for (YamlMapping.Entry e : m.entries()) event(e.key(), e.value(), c, errors);
      }
      default -> errors.add(new WorkflowError(on.position(), "'on' must be an event name, a list "
          + "of event names or a mapping of events; got " + on.describe()));
    }
    boolean empty = on instanceof YamlMapping m && m.entries().isEmpty()
        || on instanceof YamlSequence seq && seq.items().isEmpty();
    if (empty) {
      errors.add(new WorkflowError(on.position(),
          "'on' names no events; expected at least one, e.g. 'on: push'"));
    }
    return new Triggers(c.events, c.schedules, c.dispatch, c.call, on.position());
  }

  /** What has been read so far. */
  private static final class Collected {
    final List<EventTrigger> events = new ArrayList<>();
    final List<CronSchedule> schedules = new ArrayList<>();
    Optional<WorkflowDispatch> dispatch = Optional.empty();
    Optional<WorkflowCall> call = Optional.empty();

    boolean has(String event) {
      return events.stream().anyMatch(e -> e.event().equals(event));
    }
  }

  private static void name(YamlScalar s, Collected c, List<WorkflowError> errors) {
    if (!known(s, errors)) return;
    if (c.has(s.text())) {
      errors.add(new WorkflowError(s.position(), "event '" + s.text() + "' is listed more than once"));
      return;
    }
    c.events.add(EventTrigger.of(s.text(), s.position()));
    if (s.text().equals("workflow_dispatch")) {
      c.dispatch = Optional.of(new WorkflowDispatch(List.of(), s.position()));
    } else if (s.text().equals("workflow_call")) {
      c.call = Optional.of(new WorkflowCall(List.of(), List.of(), List.of(), s.position()));
    }
  }

  private static boolean known(YamlScalar s, List<WorkflowError> errors) {
    if (EventCatalog.spec(s.text()).isPresent()) return true;
    String hint = DidYouMean.closest(s.text(), EventCatalog.names())
        .map(n -> "; did you mean '" + n + "'?")
        .orElse("; expected an event GitHub sends, such as push, pull_request or workflow_dispatch");
    errors.add(new WorkflowError(s.position(), "unknown event '" + s.text() + "'" + hint));
    return false;
  }

  private static void event(YamlScalar key, YamlNode value, Collected c, List<WorkflowError> errors) {
    if (!known(key, errors)) return;
    String name = key.text();
    Position at = key.position();
    switch (name) {
      case "schedule" -> {
        c.schedules.addAll(ScheduleParser.parse(value, errors));
        c.events.add(EventTrigger.of(name, at));
      }
      case "workflow_dispatch" -> {
        c.dispatch = Optional.of(InputsParser.dispatch(value, at, errors));
        c.events.add(EventTrigger.of(name, at));
      }
      case "workflow_call" -> {
        c.call = Optional.of(InputsParser.call(value, at, errors));
        c.events.add(EventTrigger.of(name, at));
      }
      default -> c.events.add(FilterParser.parse(name, at, value, errors));
    }
  }
}
