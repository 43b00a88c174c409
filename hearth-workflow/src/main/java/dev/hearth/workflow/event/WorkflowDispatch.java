package dev.hearth.workflow.event;

import dev.hearth.workflow.source.Position;
import java.util.List;
import java.util.Optional;

/** {@code on.workflow_dispatch}: the inputs a person (or the API) gives a manual run. */
public record WorkflowDispatch(List<Input> inputs, Position position) {
  public WorkflowDispatch {
    inputs = List.copyOf(inputs);
  }

  /** The types a {@code workflow_dispatch} input may have. */
  public enum Type {
    STRING, BOOLEAN, NUMBER, CHOICE, ENVIRONMENT;

    public String yamlName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One input.
   *
   * @param defaultValue the default as written (text of the scalar), already checked against the type
   * @param options the choices of a {@code choice} input, in order
   */
  public record Input(String name, Optional<String> description, boolean required, Type type,
      Optional<String> defaultValue, List<String> options, Position position) {
    public Input {
      options = List.copyOf(options);
    }
  }

  public Optional<Input> input(String name) {
    return inputs.stream().filter(i -> i.name().equals(name)).findFirst();
  }
}
