package dev.hearth.workflow.parse;

import dev.hearth.workflow.source.DidYouMean;
import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.model.BoolValue;
import dev.hearth.workflow.model.NumberValue;
import dev.hearth.workflow.model.Value;
import dev.hearth.workflow.source.Position;
import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.yaml.YamlMapping;
import dev.hearth.workflow.yaml.YamlNode;
import dev.hearth.workflow.yaml.YamlScalar;
import dev.hearth.workflow.yaml.YamlSequence;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared vocabulary of the section parsers: reads a node as the type a key expects, or records
 * an error naming the key, what it holds and what was expected, and returns null.
 */
final class Reader {
  final List<WorkflowError> errors = new ArrayList<>();
  final Expressions expressions = new Expressions(errors);

  void error(Position at, String message) {
    errors.add(new WorkflowError(at, message));
  }

  /** "the string 'x'", "a sequence", … for messages. */
  static String describe(YamlNode node) {
    if (node instanceof YamlScalar s) {
      return s.isNull() ? "empty" : s.describe() + " '" + s.text() + "'";
    }
    return node.describe();
  }

  void wrongType(YamlNode node, String key, String expected) {
    error(node.position(), "'" + key + "' must be " + expected + ", but is " + describe(node));
  }

  YamlMapping mapping(YamlNode node, String key) {
    if (node instanceof YamlMapping m) return m;
    wrongStructure(node, key, "a mapping");
    return null;
  }

  YamlSequence sequence(YamlNode node, String key) {
    if (node instanceof YamlSequence s) return s;
    wrongStructure(node, key, "a sequence");
    return null;
  }

  /** Where only a mapping or sequence fits, an expression is GitHub's "not allowed in this context". */
  private void wrongStructure(YamlNode node, String key, String expected) {
    if (node instanceof YamlScalar s && s.isString() && s.text().contains("${{")) {
      expressions.notAllowed(s.position(), "'" + key + "', which must be " + expected);
    } else {
      wrongType(node, key, expected);
    }
  }

  /** Reports each key of {@code m} not in {@code allowed}, suggesting the nearest known one. */
  void checkKeys(YamlMapping m, Collection<String> allowed, String where) {
    for (YamlMapping.Entry e : m.entries()) {
      String name = e.name();
      if (e.key().isNull()) {
        error(e.key().position(), "a mapping key must be a string, but this key is empty (null) in " + where);
        continue;
      }
      if (allowed.contains(name) || name.contains("${{")) continue;
      String hint = DidYouMean.closest(name, allowed).map(s -> " (did you mean '" + s + "'?)").orElse("");
      error(e.key().position(), "unknown key '" + name + "' in " + where + "; expected one of: "
          + String.join(", ", allowed) + hint);
    }
  }

  void missing(YamlNode at, String key, String where) {
    error(at.position(), "required key '" + key + "' is missing from " + where);
  }

  /** A non-null scalar read as a string; {@code scope} null when no expression is allowed. */
  Value string(YamlNode node, String key, ExpressionScope scope) {
    if (!(node instanceof YamlScalar s) || s.isNull()) {
      wrongType(node, key, "a string");
      return null;
    }
    expressions.checkTemplate(s, scope, "'" + key + "'");
    return new Value(s.text(), s.position());
  }

  /** Like {@link #string} but an empty value (null) is allowed and read as "". */
  Value optionalString(YamlNode node, String key, ExpressionScope scope) {
    if (node instanceof YamlScalar s && s.isNull()) return new Value("", s.position());
    return string(node, key, scope);
  }

  /**
   * An {@code if}: a bare expression or text with {@code ${{ }}}; null or empty means success().
   * The value returned is normalised as GitHub evaluates it (see {@link Conditions}).
   */
  Value condition(YamlNode node, ExpressionScope scope, String key) {
    if (!(node instanceof YamlScalar s)) {
      wrongType(node, key, "an expression");
      return null;
    }
    if (s.isNull() || s.text().isBlank()) return new Value(Conditions.DEFAULT, s.position());
    expressions.checkCondition(s, scope, "'" + key + "'");
    return new Value(Conditions.normalize(s.text()), s.position());
  }

  BoolValue bool(YamlNode node, String key, ExpressionScope scope) {
    if (node instanceof YamlScalar s && s.kind() == YamlScalar.Kind.BOOLEAN) {
      return BoolValue.of(s.booleanValue(), s.position());
    }
    String expr = singleExpression(node, key, scope);
    if (expr != null) return BoolValue.ofExpression(expr, node.position());
    wrongType(node, key, "a boolean (true or false) or an expression");
    return null;
  }

  /** A number greater than zero, or an expression. */
  NumberValue positiveNumber(YamlNode node, String key, ExpressionScope scope) {
    if (node instanceof YamlScalar s && (s.kind() == YamlScalar.Kind.INTEGER || s.kind() == YamlScalar.Kind.FLOAT)) {
      double v = s.numberValue();
      if (v > 0 && !Double.isNaN(v)) return NumberValue.of(v, s.position());
      wrongType(node, key, "a number greater than zero");
      return null;
    }
    String expr = singleExpression(node, key, scope);
    if (expr != null) return NumberValue.ofExpression(expr, node.position());
    wrongType(node, key, "a number or an expression");
    return null;
  }

  /** The text of a scalar that is exactly one {@code ${{ }}} (checked against scope), else null. */
  private String singleExpression(YamlNode node, String key, ExpressionScope scope) {
    if (!(node instanceof YamlScalar s) || !s.isString()) return null;
    String t = s.text().strip();
    if (!t.startsWith("${{") || !t.endsWith("}}") || t.indexOf("${{", 3) >= 0) return null;
    int before = errors.size();
    expressions.checkTemplate(s, scope, "'" + key + "'");
    // An expression that does not parse is just a string here, which is not what the key takes.
    return errors.size() == before ? t.substring(3, t.length() - 2).strip() : null;
  }

  /** A mapping of names to strings ({@code env}, {@code with}, {@code outputs}), in file order. */
  Map<String, Value> stringMap(YamlNode node, String key, ExpressionScope scope) {
    Map<String, Value> out = new LinkedHashMap<>();
    YamlMapping m = mapping(node, key);
    if (m == null) return out;
    for (YamlMapping.Entry e : m.entries()) {
      if (e.key().isNull()) {
        error(e.key().position(), "a mapping key must be a string, but this key in '" + key + "' is empty (null)");
      } else if (e.value() instanceof YamlScalar) {
        Value v = optionalString(e.value(), key + "." + e.name(), scope);
        if (v != null) out.put(e.name(), v);
      } else {
        wrongType(e.value(), key + "." + e.name(), "a string");
      }
    }
    return out;
  }

  /** A sequence of strings ({@code ports}, {@code volumes}). */
  List<Value> stringList(YamlNode node, String key, ExpressionScope scope) {
    List<Value> out = new ArrayList<>();
    YamlSequence seq = sequence(node, key);
    if (seq == null) return out;
    for (YamlNode item : seq.items()) {
      Value v = string(item, key, scope);
      if (v != null) out.add(v);
    }
    return out;
  }
}
