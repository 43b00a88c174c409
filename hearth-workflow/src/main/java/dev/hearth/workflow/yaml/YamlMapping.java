package dev.hearth.workflow.yaml;

import dev.hearth.workflow.source.Position;
import java.util.List;
import java.util.Optional;

/**
 * A YAML mapping in document order. Keys are scalars (the loader rejects other keys) and unique
 * (the loader rejects duplicates).
 */
public record YamlMapping(List<Entry> entries, Position position) implements YamlNode {

  /** One key and its value. */
  public record Entry(YamlScalar key, YamlNode value) {
    public String name() {
      return key.text();
    }
  }

  public YamlMapping {
    entries = List.copyOf(entries);
  }

  /** The value under {@code key} (exact, case-sensitive match), if present. */
  public Optional<YamlNode> get(String key) {
    for (Entry e : entries) {
      if (e.key().text().equals(key)) return Optional.of(e.value());
    }
    return Optional.empty();
  }

  public Optional<Entry> entry(String key) {
    for (Entry e : entries) {
      if (e.key().text().equals(key)) return Optional.of(e);
    }
    return Optional.empty();
  }

  @Override
  public String describe() {
    return "a mapping";
  }
}
