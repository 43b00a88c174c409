package dev.hearth.workflow.event;

import dev.hearth.workflow.source.DidYouMean;
import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.yaml.YamlMapping;
import dev.hearth.workflow.yaml.YamlNode;
import dev.hearth.workflow.yaml.YamlScalar;
import dev.hearth.workflow.yaml.YamlSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reading small YAML shapes under {@code on:}, reporting what does not fit as positioned errors. */
final class Nodes {
  private Nodes() {}

  static boolean isNull(YamlNode node) {
    return node instanceof YamlScalar s && s.isNull();
  }

  /** The text of a non-null scalar, or an error saying {@code what} must be a string. */
  static Optional<String> scalar(YamlNode node, String what, List<WorkflowError> errors) {
    if (node instanceof YamlScalar s && !s.isNull()) return Optional.of(s.text());
    errors.add(new WorkflowError(node.position(), what + " must be a string; got " + node.describe()));
    return Optional.empty();
  }

  /** {@code true} or {@code false}, or an error naming {@code what}. */
  static Optional<Boolean> bool(YamlNode node, String what, List<WorkflowError> errors) {
    if (node instanceof YamlScalar s && s.kind() == YamlScalar.Kind.BOOLEAN) {
      return Optional.of(s.booleanValue());
    }
    errors.add(new WorkflowError(node.position(), what + " must be true or false; got "
        + quoted(node)));
    return Optional.empty();
  }

  /**
   * The items of one string or a list of strings, each with its node; an error (and nothing) for
   * any other shape. Empty strings are reported and dropped.
   */
  static List<YamlScalar> stringOrList(YamlNode node, String what, List<WorkflowError> errors) {
    List<YamlNode> items = node instanceof YamlSequence seq ? seq.items() : List.of(node);
    List<YamlScalar> out = new ArrayList<>();
    for (YamlNode item : items) {
      if (!(item instanceof YamlScalar s) || s.isNull()) {
        errors.add(new WorkflowError(item.position(), what
            + " must be a string or a list of strings; got " + item.describe()));
      } else if (s.text().isEmpty()) {
        errors.add(new WorkflowError(item.position(), what + " has an empty string"));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** The mapping, or an error saying what {@code what} must be. Null yields an empty mapping. */
  static Optional<YamlMapping> mapping(YamlNode node, String what, List<WorkflowError> errors) {
    if (node instanceof YamlMapping m) return Optional.of(m);
    if (isNull(node)) return Optional.of(new YamlMapping(List.of(), node.position()));
    errors.add(new WorkflowError(node.position(), what + " must be a mapping; got " + node.describe()));
    return Optional.empty();
  }

  /** Reports every key of {@code m} not in {@code allowed}, with a did-you-mean where one is close. */
  static void checkKeys(YamlMapping m, Set<String> allowed, String where, List<WorkflowError> errors) {
    for (YamlMapping.Entry e : m.entries()) {
      if (allowed.contains(e.name())) continue;
      String expected = allowed.isEmpty() ? "; it takes no settings"
          : DidYouMean.closest(e.name(), allowed).map(c -> "; did you mean '" + c + "'?")
              .orElse("; expected one of: " + String.join(", ", allowed.stream().sorted().toList()));
      errors.add(new WorkflowError(e.key().position(),
          "unexpected key '" + e.name() + "' " + where + expected));
    }
  }

  /** The node as a person would quote it in a message: 'text' for scalars, else its kind. */
  static String quoted(YamlNode node) {
    return node instanceof YamlScalar s && !s.isNull() ? "'" + s.text() + "'" : node.describe();
  }
}
