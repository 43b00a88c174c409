package dev.hearth.workflow.expr;

import dev.hearth.workflow.expr.Expr.Call;
import dev.hearth.workflow.expr.Expr.Compare;
import dev.hearth.workflow.expr.Expr.CompareOp;
import dev.hearth.workflow.expr.Expr.Group;
import dev.hearth.workflow.expr.Expr.Index;
import dev.hearth.workflow.expr.Expr.Literal;
import dev.hearth.workflow.expr.Expr.Logical;
import dev.hearth.workflow.expr.Expr.LogicalOp;
import dev.hearth.workflow.expr.Expr.NamedValue;
import dev.hearth.workflow.expr.Expr.Not;
import dev.hearth.workflow.expr.Expr.Property;
import dev.hearth.workflow.expr.Expr.Wildcard;
import dev.hearth.workflow.expr.Token.Type;
import dev.hearth.workflow.expr.Value.BoolValue;
import dev.hearth.workflow.expr.Value.NullValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for GitHub's expression language. Precedence, loosest first:
 * {@code ||}, {@code &&}, {@code == !=}, {@code < <= > >=}, {@code !}, then property, index and
 * filter access on groups, calls and contexts. Nesting is limited to GitHub's depth of 50, so no
 * input can exhaust the stack.
 */
public final class ExpressionParser {
  /** GitHub's limit on the nesting of one expression. */
  public static final int MAX_DEPTH = 50;

  private final String input;
  private final List<Token> tokens;
  private final ExpressionScope scope;
  private int pos;
  private int depth;

  private ExpressionParser(String input, List<Token> tokens, ExpressionScope scope) {
    this.input = input;
    this.tokens = tokens;
    this.scope = scope;
  }

  /**
   * Parses the text between {@code ${{} and {@code }}}, allowing only the contexts and scoped
   * functions that {@code scope} names. An empty text is the null literal.
   *
   * @throws ExpressionException of kind PARSING, with the 1-based column of the offending token
   */
  public static Expr parse(String text, ExpressionScope scope) throws ExpressionException {
    ExpressionParser p = new ExpressionParser(text, Lexer.lex(text), scope);
    if (p.atEnd()) {
      return new Literal(NullValue.INSTANCE, 1);
    }
    Expr result = p.expression();
    if (!p.atEnd()) {
      throw p.errorAt("Unexpected symbol", p.peek());
    }
    return result;
  }

  private Expr expression() throws ExpressionException {
    enter();
    Expr e = logical(LogicalOp.OR);
    depth--;
    return e;
  }

  /** {@code ||} over {@code &&} chains, or {@code &&} over equality chains. */
  private Expr logical(LogicalOp op) throws ExpressionException {
    Type type = op == LogicalOp.OR ? Type.OR : Type.AND;
    Expr first = op == LogicalOp.OR ? logical(LogicalOp.AND) : equality();
    if (!check(type)) {
      return first;
    }
    enter();
    List<Expr> operands = new ArrayList<>();
    operands.add(first);
    while (match(type)) {
      operands.add(op == LogicalOp.OR ? logical(LogicalOp.AND) : equality());
    }
    depth--;
    return new Logical(op, operands, first.column());
  }

  private Expr equality() throws ExpressionException {
    Expr e = comparison();
    while (check(Type.EQUAL_EQUAL) || check(Type.BANG_EQUAL)) {
      CompareOp op = next().type() == Type.EQUAL_EQUAL ? CompareOp.EQ : CompareOp.NE;
      e = new Compare(e, op, comparison(), e.column());
    }
    return e;
  }

  private Expr comparison() throws ExpressionException {
    Expr e = unary();
    while (true) {
      CompareOp op = switch (peek().type()) {
        case LESS -> CompareOp.LT;
        case LESS_EQUAL -> CompareOp.LE;
        case GREATER -> CompareOp.GT;
        case GREATER_EQUAL -> CompareOp.GE;
        default -> null;
      };
      if (op == null) {
        return e;
      }
      next();
      e = new Compare(e, op, unary(), e.column());
    }
  }

  private Expr unary() throws ExpressionException {
    if (!check(Type.BANG)) {
      return access();
    }
    Token bang = next();
    enter();
    Expr operand = unary();
    depth--;
    return new Not(operand, bang.offset() + 1);
  }

  /** Property, index and filter access, allowed only after a group, a call or a context. */
  private Expr access() throws ExpressionException {
    Expr e = call();
    if (!(e instanceof Group || e instanceof Call || e instanceof NamedValue)) {
      return e;
    }
    int entered = 0;
    while (true) {
      if (match(Type.LEFT_BRACKET)) {
        Expr index = match(Type.STAR) ? null : expression();
        consume(Type.RIGHT_BRACKET);
        enter();
        entered++;
        e = index == null ? new Wildcard(e, e.column()) : new Index(e, index, e.column());
      } else if (match(Type.DOT)) {
        enter();
        entered++;
        e = afterDot(e);
      } else {
        depth -= entered;
        return e;
      }
    }
  }

  private Expr afterDot(Expr target) throws ExpressionException {
    if (check(Type.IDENTIFIER)) {
      String name = next().lexeme();
      return new Property(target, name, Value.ObjectValue.lower(name), target.column());
    }
    if (match(Type.STAR)) {
      return new Wildcard(target, target.column());
    }
    throw errorAt("Unexpected symbol", peek());
  }

  private Expr call() throws ExpressionException {
    if (!check(Type.IDENTIFIER)) {
      return primary();
    }
    Token id = next();
    if (!match(Type.LEFT_PAREN)) {
      if (!scope.allowsNamedValue(id.lexeme())) {
        throw errorAt("Unrecognized named-value", id);
      }
      return new NamedValue(id.lexeme(), id.offset() + 1);
    }
    List<Expr> args = new ArrayList<>();
    while (!match(Type.RIGHT_PAREN)) {
      args.add(expression());
      if (!check(Type.RIGHT_PAREN)) {
        consume(Type.COMMA);
      }
    }
    return new Call(validateFunction(id, args.size()), id.lexeme(), args, id.offset() + 1);
  }

  private ExprFunction validateFunction(Token id, int argCount) throws ExpressionException {
    ExprFunction f = ExprFunction.byName(id.lexeme());
    if (f == null || (f.scoped() && !scope.allowsFunction(f.displayName()))) {
      throw errorAt("Unrecognized function", id);
    }
    if (argCount < f.minArgs()) {
      throw errorAt("Too few parameters supplied", id);
    }
    if (argCount > f.maxArgs()) {
      throw errorAt("Too many parameters supplied", id);
    }
    if (f == ExprFunction.CASE && argCount % 2 == 0) {
      throw errorAt(
          "Even number of parameters supplied, requires an odd number of parameters", id);
    }
    return f;
  }

  private Expr primary() throws ExpressionException {
    Token t = peek();
    switch (t.type()) {
      case FALSE, TRUE -> {
        next();
        return new Literal(BoolValue.of(t.type() == Type.TRUE), t.offset() + 1);
      }
      case NULL -> {
        next();
        return new Literal(NullValue.INSTANCE, t.offset() + 1);
      }
      case NUMBER, STRING -> {
        next();
        return new Literal(t.value(), t.offset() + 1);
      }
      case LEFT_PAREN -> {
        next();
        Expr inner = expression();
        if (atEnd()) {
          throw errorAt("Unexpected end of expression", previous());
        }
        consume(Type.RIGHT_PAREN);
        return new Group(inner, t.offset() + 1);
      }
      case EOF -> throw errorAt("Unexpected end of expression", previous());
      default -> throw errorAt("Unexpected symbol", t);
    }
  }

  private void enter() throws ExpressionException {
    if (++depth > MAX_DEPTH) {
      throw error("Exceeded max expression depth " + MAX_DEPTH, input, peek().offset() + 1);
    }
  }

  private void consume(Type type) throws ExpressionException {
    if (!match(type)) {
      throw errorAt("Unexpected symbol", peek());
    }
  }

  private boolean match(Type type) {
    if (check(type)) {
      pos++;
      return true;
    }
    return false;
  }

  private boolean check(Type type) {
    return peek().type() == type && type != Type.EOF;
  }

  private boolean atEnd() {
    return peek().type() == Type.EOF;
  }

  private Token next() {
    return tokens.get(pos++);
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Token previous() {
    return tokens.get(Math.max(0, pos - 1));
  }

  private ExpressionException errorAt(String description, Token token) {
    return error(description + ": '" + token.display() + "'", input, token.offset() + 1);
  }

  /**
   * A PARSING error in GitHub's wording: what, where (1-based), and the expression (quoted around the
   * column when it is long: see {@link ExpressionException#located}).
   */
  static ExpressionException error(String what, String input, int column) {
    return new ExpressionException(ExpressionException.Kind.PARSING,
        ExpressionException.located(what, column, input), input, column);
  }
}
