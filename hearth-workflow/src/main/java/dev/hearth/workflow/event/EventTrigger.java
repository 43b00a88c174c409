package dev.hearth.workflow.event;

import dev.hearth.workflow.source.Position;
import java.util.List;
import java.util.Optional;

/**
 * One event under {@code on:} with what narrows it. Absent filters and empty lists mean "not
 * given"; the parser has already rejected keys an event does not take and contradictory pairs
 * ({@code branches} with {@code branches-ignore}, and so on), so at most one of each pair is set.
 *
 * @param event the event name, as GitHub sends it in {@code X-GitHub-Event}
 * @param types the {@code types} given; empty means the event's default types
 * @param branches {@code branches} or {@code branches-ignore}
 * @param tags {@code tags} or {@code tags-ignore} ({@code push} only)
 * @param paths {@code paths} or {@code paths-ignore}
 * @param workflows the {@code workflows} of {@code workflow_run}: names of the triggering workflows
 * @param names the {@code names} of {@code image_version}
 * @param versions the {@code versions} of {@code image_version}
 * @param position where the event's name is written
 */
public record EventTrigger(
    String event,
    List<String> types,
    Optional<PatternFilter> branches,
    Optional<PatternFilter> tags,
    Optional<PatternFilter> paths,
    List<String> workflows,
    Optional<PatternFilter> names,
    Optional<PatternFilter> versions,
    Position position) {

  public EventTrigger {
    types = List.copyOf(types);
    workflows = List.copyOf(workflows);
  }

  /** An event with nothing narrowing it, as in {@code on: push}. */
  public static EventTrigger of(String event, Position position) {
    return new EventTrigger(event, List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
        List.of(), Optional.empty(), Optional.empty(), position);
  }
}
