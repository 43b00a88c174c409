package dev.hearth.workflow.event;

import dev.hearth.workflow.source.Position;
import java.util.List;
import java.util.Optional;

/** {@code on.workflow_call}: what a reusable workflow takes from and gives back to its caller. */
public record WorkflowCall(List<Input> inputs, List<Output> outputs, List<Secret> secrets,
    Position position) {

  public WorkflowCall {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    secrets = List.copyOf(secrets);
  }

  /** The types a {@code workflow_call} input may have. */
  public enum Type {
    STRING, BOOLEAN, NUMBER;

    public String yamlName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One input. {@code defaultValue} is the scalar as written; it may be an expression
   * ({@code ${{ }}}), which only the caller's evaluation can turn into a value.
   */
  public record Input(String name, Optional<String> description, boolean required, Type type,
      Optional<String> defaultValue, Position position) {}

  /** One output; {@code value} is the expression (usually {@code ${{ jobs.x.outputs.y }}}) as written. */
  public record Output(String name, Optional<String> description, String value, Position position) {}

  /** One secret the caller may (or, when required, must) pass. */
  public record Secret(String name, Optional<String> description, boolean required, Position position) {}

  public Optional<Input> input(String name) {
    return inputs.stream().filter(i -> i.name().equals(name)).findFirst();
  }
}
