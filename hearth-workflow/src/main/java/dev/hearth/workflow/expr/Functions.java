package dev.hearth.workflow.expr;

import dev.hearth.workflow.expr.Expr.Call;
import dev.hearth.workflow.expr.Value.ArrayValue;
import dev.hearth.workflow.expr.Value.BoolValue;
import dev.hearth.workflow.expr.Value.StringValue;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The functions of GitHub's expression language. Arguments are evaluated first, all of them,
 * left to right (as GitHub's implementation does, {@code case} included); then the function
 * applies GitHub's rules for their kinds.
 */
final class Functions {
  private Functions() {}

  static Value call(Evaluator ev, Call c) throws ExpressionException {
    List<Value> args = ev.evalAll(c.args());
    RunStatus status = ev.context().status();
    return switch (c.function()) {
      case CONTAINS -> BoolValue.of(contains(args.get(0), args.get(1)));
      case STARTS_WITH -> BoolValue.of(affix(args.get(0), args.get(1), true));
      case ENDS_WITH -> BoolValue.of(affix(args.get(0), args.get(1), false));
      case FORMAT -> new StringValue(ev.charge(Format.format(args, c), c));
      case JOIN -> new StringValue(ev.charge(join(args), c));
      case TO_JSON -> new StringValue(ev.charge(Values.toJsonText(args.get(0)), c));
      case FROM_JSON -> fromJson(args.get(0), c);
      case CASE -> caseOf(args, c);
      case HASH_FILES -> new StringValue(HashFiles.hash(ev.context().workspace(), args, c));
      case SUCCESS -> BoolValue.of(status == RunStatus.SUCCESS);
      case FAILURE -> BoolValue.of(status == RunStatus.FAILURE);
      case CANCELLED -> BoolValue.of(status == RunStatus.CANCELLED);
      case ALWAYS -> BoolValue.TRUE;
    };
  }

  /** Substring of a string (ignoring case), or an element of an array (loose equality). */
  private static boolean contains(Value search, Value item) {
    if (search instanceof ArrayValue a) {
      for (Value v : a.items()) {
        if (Coercion.looseEquals(item, v)) {
          return true;
        }
      }
      return false;
    }
    if (!search.isPrimitive() || !item.isPrimitive()) {
      return false;
    }
    String s = Coercion.toStr(search);
    String i = Coercion.toStr(item);
    if (Coercion.isAscii(s) && Coercion.isAscii(i)) {
      return containsAsciiIgnoreCase(s, i);
    }
    return s.toLowerCase(Locale.ROOT).contains(i.toLowerCase(Locale.ROOT));
  }

  private static boolean containsAsciiIgnoreCase(String s, String i) {
    int last = s.length() - i.length();
    for (int at = 0; at <= last; at++) {
      if (s.regionMatches(true, at, i, 0, i.length())) {
        return true;
      }
    }
    return false;
  }

  /** startsWith / endsWith: both primitive, compared ignoring case. */
  private static boolean affix(Value whole, Value part, boolean start) {
    if (!whole.isPrimitive() || !part.isPrimitive()) {
      return false;
    }
    String w = Coercion.toStr(whole);
    String p = Coercion.toStr(part);
    if (Coercion.isAscii(w) && Coercion.isAscii(p)) {
      return p.length() <= w.length()
          && w.regionMatches(true, start ? 0 : w.length() - p.length(), p, 0, p.length());
    }
    w = Coercion.upperSpecial(w);
    p = Coercion.upperSpecial(p);
    return start ? w.startsWith(p) : w.endsWith(p);
  }

  /** A primitive as its string; an array's items joined (default ','); anything else ''. */
  private static String join(List<Value> args) {
    Value first = args.get(0);
    if (first.isPrimitive()) {
      return Coercion.toStr(first);
    }
    if (!(first instanceof ArrayValue a)) {
      return "";
    }
    String sep = args.size() > 1 && args.get(1).isPrimitive() ? Coercion.toStr(args.get(1)) : ",";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < a.items().size(); i++) {
      if (i > 0) {
        sb.append(sep);
      }
      sb.append(Coercion.toStr(a.items().get(i)));
    }
    return sb.toString();
  }

  private static Value fromJson(Value arg, Call c) throws ExpressionException {
    String text = Coercion.toStr(arg);
    if (JsNumbers.trim(text).isEmpty()) {
      throw Evaluator.error("Error parsing fromJSON: the input is empty", c);
    }
    try {
      return Values.parseJson(text);
    } catch (IOException | RuntimeException e) {
      throw Evaluator.error("Error parsing fromJSON: " + firstLine(e.getMessage()), c);
    }
  }

  /** The value after the first true predicate, else the last argument; predicates must be booleans. */
  private static Value caseOf(List<Value> args, Call c) throws ExpressionException {
    for (int i = 0; i + 1 < args.size(); i += 2) {
      if (!(args.get(i) instanceof BoolValue b)) {
        throw Evaluator.error("case predicate must evaluate to a boolean value, but argument "
            + (i + 1) + " is " + args.get(i).kindName(), c.args().get(i));
      }
      if (b.value()) {
        return args.get(i + 1);
      }
    }
    return args.get(args.size() - 1);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "invalid JSON";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
