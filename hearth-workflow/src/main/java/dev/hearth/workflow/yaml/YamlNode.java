package dev.hearth.workflow.yaml;

import dev.hearth.workflow.source.Position;

/**
 * A node of a YAML document, with where it starts. Aliases are resolved: an alias shares the node
 * of its anchor, so trees are acyclic but may share subtrees.
 */
public sealed interface YamlNode permits YamlScalar, YamlSequence, YamlMapping {
  Position position();

  /** What a person calls this kind of node in an error message: "a string", "a mapping", … */
  String describe();
}
