package dev.hearth.workflow.yaml;

import dev.hearth.workflow.source.Position;
import java.util.List;

/** A YAML sequence. */
public record YamlSequence(List<YamlNode> items, Position position) implements YamlNode {
  public YamlSequence {
    items = List.copyOf(items);
  }

  @Override
  public String describe() {
    return "a sequence";
  }
}
