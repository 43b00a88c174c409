package dev.hearth.workflow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hearth.workflow.expr.ExpressionException;
import java.util.List;
import java.util.Map;

/**
 * Where a job's matrix legs come from.
 *
 * <ul>
 *   <li>{@link None}: the job has no matrix; it runs as one leg with an empty {@code matrix}.
 *   <li>{@link Static}: the matrix is written out; the planner expands it up front.
 *   <li>{@link Deferred}: the matrix is, or contains, {@code ${{ }}} expressions (for example
 *       {@code matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}}); it is expanded only when the
 *       job becomes ready, after the jobs it needs have produced their outputs.
 * </ul>
 */
public sealed interface MatrixSource {

  /**
   * The legs of this matrix. {@code evaluate} is called only for a {@link Deferred} source, once
   * for every string in its template that holds {@code ${{ }}}, with that whole string (e.g.
   * {@code "${{ fromJSON(needs.a.outputs.m) }}"} or {@code "node-${{ inputs.v }}"}); it returns
   * the string's value (the expression's own value when the string is one expression, else the
   * interpolated string).
   *
   * @throws MatrixException when the matrix, once evaluated, cannot be expanded
   * @throws ExpressionException when an expression fails to parse or evaluate
   */
  List<MatrixCombination> expand(TemplateEvaluator evaluate)
      throws MatrixException, ExpressionException;

  /** No {@code strategy.matrix}: a single leg with an empty matrix. */
  record None() implements MatrixSource {
    @Override
    public List<MatrixCombination> expand(TemplateEvaluator evaluate) {
      return List.of(MatrixCombination.empty());
    }
  }

  /** A matrix written out in full, known when the workflow is planned. */
  record Static(Matrix matrix) implements MatrixSource {
    @Override
    public List<MatrixCombination> expand(TemplateEvaluator evaluate)
        throws MatrixException {
      return MatrixExpander.expand(matrix);
    }
  }

  /**
   * A matrix known only when its job is ready. {@code template} is the matrix as written, in JSON
   * form: a string when the whole matrix is one expression, else an object whose vectors, {@code
   * include}, {@code exclude} or individual values may be expression strings. Treat it as
   * read-only.
   */
  record Deferred(JsonNode template) implements MatrixSource {
    public Deferred {
      template = template.deepCopy();
    }

    /** A matrix that is one expression, e.g. {@code "${{ fromJSON(needs.a.outputs.m) }}"}. */
    public static Deferred of(String expressionText) {
      return new Deferred(TextNode.valueOf(expressionText));
    }

    @Override
    public List<MatrixCombination> expand(TemplateEvaluator evaluate)
        throws MatrixException, ExpressionException {
      return MatrixExpander.expand(Matrix.fromJson(resolve(template, evaluate)));
    }

    /** True when {@code node} holds a {@code ${{ }}} somewhere (keys excepted). */
    public static boolean hasExpressions(JsonNode node) {
      if (node.isTextual()) return node.asText().contains("${{");
      for (JsonNode child : node) {
        if (hasExpressions(child)) return true;
      }
      return false;
    }

    private static JsonNode resolve(JsonNode node, TemplateEvaluator evaluate)
        throws ExpressionException {
      if (node.isTextual() && node.asText().contains("${{")) {
        JsonNode value = evaluate.evaluate(node.asText());
        return value == null ? JsonNodeFactory.instance.nullNode() : value;
      }
      if (node.isObject()) {
        ObjectNode resolved = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          resolved.set(field.getKey(), resolve(field.getValue(), evaluate));
        }
        return resolved;
      }
      if (node.isArray()) {
        ArrayNode resolved = JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : node) resolved.add(resolve(item, evaluate));
        return resolved;
      }
      return node;
    }
  }
}
