package dev.hearth.workflow.model;

import dev.hearth.workflow.source.Position;
import java.util.Optional;

/** {@code defaults.run}: the shell and working directory of every {@code run} step below it. */
public record RunDefaults(Value shell, Value workingDirectory, Position position) {
  public static final RunDefaults NONE = new RunDefaults(null, null, null);

  public Optional<Value> shellValue() {
    return Optional.ofNullable(shell);
  }

  public Optional<Value> workingDirectoryValue() {
    return Optional.ofNullable(workingDirectory);
  }
}
