package dev.hearth.workflow.parse;

import dev.hearth.workflow.yaml.YamlMapping;
import dev.hearth.workflow.yaml.YamlNode;
import dev.hearth.workflow.yaml.YamlSequence;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** GitHub allows no expression in a mapping key anywhere in a workflow; this finds them all. */
final class KeyExpressions {
  private KeyExpressions() {}

  static void check(YamlNode root, Reader r) {
    walk(root, r, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  /** {@code ${{ insert }}}: GitHub's directive that merges a mapping into its parent. */
  private static boolean isInsert(String key) {
    String k = key.strip();
    return k.startsWith("${{") && k.endsWith("}}") && k.substring(3, k.length() - 2).strip().equals("insert");
  }

  private static void walk(YamlNode node, Reader r, Set<YamlNode> seen) {
    if (!seen.add(node)) return; // an alias shares its anchor's subtree: check it once
    if (node instanceof YamlMapping m) {
      for (YamlMapping.Entry e : m.entries()) {
        if (e.name().contains("${{") && !isInsert(e.name())) r.expressions.notAllowed(e.key().position(), "a mapping key");
        walk(e.value(), r, seen);
      }
    } else if (node instanceof YamlSequence s) {
      for (YamlNode item : s.items()) walk(item, r, seen);
    }
  }
}
