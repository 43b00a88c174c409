package dev.hearth.workflow.expr;

import dev.hearth.workflow.expr.Template.ExpressionPart;
import dev.hearth.workflow.expr.Template.LiteralPart;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Template} whose expressions are parsed. Evaluating a single-expression template gives
 * the expression's value itself (an object stays an object); any other template gives a string
 * in which each expression's value is converted GitHub's way (null → '', numbers as GitHub
 * prints them, arrays → 'Array', objects → 'Object').
 */
public record CompiledTemplate(Template template, List<Piece> pieces) {

  /** Literal text or a parsed expression with its source text. */
  public sealed interface Piece {}

  public record Text(String text) implements Piece {}

  public record Code(Expr expr, String source) implements Piece {}

  public CompiledTemplate {
    pieces = List.copyOf(pieces);
  }

  static CompiledTemplate of(Template t, ExpressionScope scope) throws ExpressionException {
    List<Piece> pieces = new ArrayList<>();
    for (Template.Part p : t.parts()) {
      switch (p) {
        case LiteralPart l -> pieces.add(new Text(l.text()));
        case ExpressionPart e ->
            pieces.add(new Code(ExpressionParser.parse(e.expression(), scope), e.expression()));
      }
    }
    return new CompiledTemplate(t, pieces);
  }

  /** The parsed expressions in order. */
  public List<Expr> expressions() {
    return pieces.stream().filter(Code.class::isInstance).map(p -> ((Code) p).expr()).toList();
  }

  /**
   * Evaluates the template.
   *
   * @throws ExpressionException (EVALUATION) from the first failing expression, naming it
   */
  public Value evaluate(EvaluationContext context) throws ExpressionException {
    if (template.isSingleExpression()) {
      for (Piece p : pieces) {
        if (p instanceof Code c) {
          return evaluateOne(c, context);
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    for (Piece p : pieces) {
      switch (p) {
        case Text t -> sb.append(t.text());
        case Code c -> sb.append(Coercion.toStr(evaluateOne(c, context)));
      }
    }
    return new Value.StringValue(sb.toString());
  }

  /** {@link #evaluate} converted to a string GitHub's way. */
  public String evaluateToString(EvaluationContext context) throws ExpressionException {
    return Coercion.toStr(evaluate(context));
  }

  private static Value evaluateOne(Code c, EvaluationContext context) throws ExpressionException {
    try {
      return Evaluator.evaluate(c.expr(), context);
    } catch (ExpressionException ex) {
      throw new ExpressionException(ex.kind(), ExpressionException.located(ex.getMessage(), ex.column(), c.source()),
          c.source(), ex.column());
    }
  }
}
