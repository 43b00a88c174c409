package dev.hearth.workflow.action;

import dev.hearth.workflow.model.Value;
import dev.hearth.workflow.source.Position;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An action's metadata file ({@code action.yml} or {@code action.yaml}) as GitHub reads it;
 * {@code branding} and {@code author} are read past. Absent optional values are null.
 *
 * @param file the file the action came from, as errors name it
 * @param inputs by id, in file order
 * @param outputs by id, in file order (a composite action's carry a {@code value})
 */
public record Action(String file, Value name, Value description, Map<String, ActionInput> inputs,
    Map<String, ActionOutput> outputs, ActionRuns runs, Position position) {
  public Action {
    inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
  }

  /** The action's name for messages: its {@code name}, else the file. */
  public String displayName() {
    return name != null ? name.text() : file;
  }
}
