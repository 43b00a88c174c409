package dev.hearth.workflow.event;

import dev.hearth.workflow.source.Position;
import java.util.List;
import java.util.Optional;

/**
 * A workflow's {@code on:}: the events it listens to, in the order written, with their filters,
 * plus the details of {@code schedule}, {@code workflow_dispatch} and {@code workflow_call}.
 *
 * @param events one entry per event named under {@code on:} (schedule, workflow_dispatch and
 *     workflow_call included, with no filters)
 * @param schedules the {@code schedule} crons; empty when the workflow has none
 * @param workflowDispatch the manual trigger's inputs, when the workflow has {@code workflow_dispatch}
 * @param workflowCall the reusable-workflow interface, when the workflow has {@code workflow_call}
 * @param position where the value of {@code on:} starts
 */
public record Triggers(
    List<EventTrigger> events,
    List<CronSchedule> schedules,
    Optional<WorkflowDispatch> workflowDispatch,
    Optional<WorkflowCall> workflowCall,
    Position position) {

  public Triggers {
    events = List.copyOf(events);
    schedules = List.copyOf(schedules);
  }

  /**
   * Triggers that only name events, as {@code on: [push, fork]} does (no filters, no schedule,
   * no inputs).
   */
  public Triggers(List<String> eventNames, Position position) {
    this(eventNames.stream().map(n -> EventTrigger.of(n, position)).toList(), List.of(),
        Optional.empty(), Optional.empty(), position);
  }

  /** The trigger for {@code eventName} (exact, case-sensitive, as GitHub compares event names). */
  public Optional<EventTrigger> event(String eventName) {
    return events.stream().filter(e -> e.event().equals(eventName)).findFirst();
  }

  public boolean listensTo(String eventName) {
    return event(eventName).isPresent();
  }

  public List<String> eventNames() {
    return events.stream().map(EventTrigger::event).toList();
  }
}
