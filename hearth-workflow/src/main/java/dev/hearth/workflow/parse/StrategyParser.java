package dev.hearth.workflow.parse;

import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.model.BoolValue;
import dev.hearth.workflow.model.Matrix;
import dev.hearth.workflow.model.NumberValue;
import dev.hearth.workflow.model.Strategy;
import dev.hearth.workflow.model.Value;
import dev.hearth.workflow.yaml.YamlMapping;
import dev.hearth.workflow.yaml.YamlNode;
import dev.hearth.workflow.yaml.YamlScalar;
import dev.hearth.workflow.yaml.YamlSequence;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A job's {@code strategy}: {@code matrix}, {@code fail-fast}, {@code max-parallel}. */
final class StrategyParser {
  private final Reader r;

  StrategyParser(Reader r) {
    this.r = r;
  }

  Strategy parse(YamlNode node) {
    if (isExpression(node)) {
      r.expressions.checkTemplate((YamlScalar) node, ExpressionScope.JOB_STRATEGY, "'strategy'");
      return new Strategy(null, BoolValue.of(true, node.position()), null, node.position());
    }
    YamlMapping m = r.mapping(node, "strategy");
    if (m == null) return null;
    r.checkKeys(m, List.of("matrix", "fail-fast", "max-parallel"), "'strategy'");
    Matrix matrix = m.get("matrix").map(this::matrix).orElse(null);
    BoolValue failFast = m.get("fail-fast").map(v -> r.bool(v, "fail-fast", ExpressionScope.JOB_STRATEGY))
        .orElse(BoolValue.of(true, m.position()));
    NumberValue maxParallel = m.get("max-parallel")
        .map(v -> r.positiveNumber(v, "max-parallel", ExpressionScope.JOB_STRATEGY)).orElse(null);
    return new Strategy(matrix, failFast, maxParallel, m.position());
  }

  private Matrix matrix(YamlNode node) {
    if (isExpression(node)) {
      YamlScalar s = (YamlScalar) node;
      r.expressions.checkTemplate(s, ExpressionScope.JOB_STRATEGY, "'matrix'");
      return new Matrix(Map.of(), null, null, new Value(s.text(), s.position()), s.position());
    }
    YamlMapping m = r.mapping(node, "matrix");
    if (m == null) return null;
    Map<String, YamlNode> vectors = new LinkedHashMap<>();
    YamlNode include = null;
    YamlNode exclude = null;
    for (YamlMapping.Entry e : m.entries()) {
      switch (e.name()) {
        case "include" -> include = combinations(e.value(), "matrix.include");
        case "exclude" -> exclude = combinations(e.value(), "matrix.exclude");
        default -> {
          if (vector(e)) vectors.put(e.name(), e.value());
        }
      }
    }
    return new Matrix(vectors, include, exclude, null, m.position());
  }

  private boolean vector(YamlMapping.Entry e) {
    YamlNode v = e.value();
    if (isExpression(v)) {
      r.expressions.checkTemplate((YamlScalar) v, ExpressionScope.JOB_STRATEGY, "'matrix." + e.name() + "'");
      return true;
    }
    if (!(v instanceof YamlSequence seq)) {
      r.wrongType(v, "matrix." + e.name(), "a sequence of values or an expression");
      return false;
    }
    if (seq.items().isEmpty()) {
      r.error(seq.position(), "matrix vector '" + e.name() + "' does not contain any values");
      return false;
    }
    return true;
  }

  /** {@code include}/{@code exclude}: a sequence of mappings, or an expression. */
  private YamlNode combinations(YamlNode node, String key) {
    if (isExpression(node)) {
      r.expressions.checkTemplate((YamlScalar) node, ExpressionScope.JOB_STRATEGY, "'" + key + "'");
      return node;
    }
    YamlSequence seq = r.sequence(node, key);
    if (seq == null) return null;
    for (YamlNode item : seq.items()) {
      if (!(item instanceof YamlMapping) && !isExpression(item)) r.wrongType(item, key + " entry", "a mapping");
    }
    return seq;
  }

  static boolean isExpression(YamlNode node) {
    return node instanceof YamlScalar s && s.isString() && s.text().strip().startsWith("${{")
        && s.text().strip().endsWith("}}");
  }
}
