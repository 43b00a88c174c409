package dev.hearth.workflow.expr;

import dev.hearth.workflow.expr.Value.ArrayValue;
import dev.hearth.workflow.expr.Value.BoolValue;
import dev.hearth.workflow.expr.Value.NullValue;
import dev.hearth.workflow.expr.Value.NumberValue;
import dev.hearth.workflow.expr.Value.ObjectValue;
import dev.hearth.workflow.expr.Value.StringValue;
import java.util.Locale;

/**
 * GitHub's coercion rules: truthiness, conversion to number and string, and the loose
 * comparisons behind {@code == != < <= > >=}. Strings compare ignoring case (upper-cased, except
 * for the dotless i, which GitHub leaves alone), arrays and objects compare by identity.
 */
public final class Coercion {
  private Coercion() {}

  /** False for null, false, 0, -0, NaN and ''; true for everything else, arrays and objects too. */
  public static boolean truthy(Value v) {
    return switch (v) {
      case NullValue n -> false;
      case BoolValue b -> b.value();
      case NumberValue n -> n.value() != 0 && !Double.isNaN(n.value());
      case StringValue s -> !s.value().isEmpty();
      case ArrayValue a -> true;
      case ObjectValue o -> true;
    };
  }

  /** null → 0, booleans → 1/0, strings as JavaScript's {@code Number()}, arrays/objects → NaN. */
  public static double toNumber(Value v) {
    return switch (v) {
      case NullValue n -> 0;
      case BoolValue b -> b.value() ? 1 : 0;
      case NumberValue n -> n.value();
      case StringValue s -> JsNumbers.parse(s.value());
      case ArrayValue a -> Double.NaN;
      case ObjectValue o -> Double.NaN;
    };
  }

  /** null → '', booleans → true/false, numbers GitHub's way, arrays → Array, objects → Object. */
  public static String toStr(Value v) {
    return switch (v) {
      case NullValue n -> "";
      case BoolValue b -> b.value() ? "true" : "false";
      case NumberValue n -> JsNumbers.toExpressionString(n.value());
      case StringValue s -> s.value();
      case ArrayValue a -> "Array";
      case ObjectValue o -> "Object";
    };
  }

  /** GitHub's {@code ==}. */
  public static boolean looseEquals(Value left, Value right) {
    if (left instanceof StringValue l && right instanceof StringValue r) {
      return equalsIgnoreCase(l.value(), r.value());
    }
    Value[] pair = coerce(left, right);
    return switch (pair[0]) {
      case NullValue n -> pair[1] instanceof NullValue;
      case BoolValue b -> pair[1] instanceof BoolValue o && b.value() == o.value();
      case NumberValue n -> pair[1] instanceof NumberValue o && n.value() == o.value();
      case StringValue s -> pair[1] instanceof StringValue o && equalsIgnoreCase(s.value(), o.value());
      case ArrayValue a -> a == pair[1];
      case ObjectValue o -> o == pair[1];
    };
  }

  /** Sign of the comparison of two values after coercion, or {@code null} when incomparable. */
  private static Integer order(Value left, Value right) {
    Value[] pair = coerce(left, right);
    if (pair[0] instanceof NumberValue l && pair[1] instanceof NumberValue r) {
      double a = l.value();
      double b = r.value();
      return Double.isNaN(a) || Double.isNaN(b) ? null : a < b ? -1 : a > b ? 1 : 0;
    }
    if (pair[0] instanceof StringValue l && pair[1] instanceof StringValue r) {
      return Integer.signum(upperSpecial(l.value()).compareTo(upperSpecial(r.value())));
    }
    if (pair[0] instanceof BoolValue l && pair[1] instanceof BoolValue r) {
      return Boolean.compare(l.value(), r.value());
    }
    return null;
  }

  /** GitHub's {@code <}. */
  public static boolean lessThan(Value left, Value right) {
    Integer o = order(left, right);
    return o != null && o < 0;
  }

  /** GitHub's {@code >}. */
  public static boolean greaterThan(Value left, Value right) {
    Integer o = order(left, right);
    return o != null && o > 0;
  }

  /**
   * Brings two values to a common kind as JavaScript's abstract equality does, except that
   * arrays and objects are never converted: number/string → numbers, null or boolean → number.
   */
  private static Value[] coerce(Value left, Value right) {
    Value l = left;
    Value r = right;
    if (l.getClass() == r.getClass()) {
      return new Value[] {l, r};
    }
    if (l instanceof NullValue || l instanceof BoolValue) {
      return coerce(new NumberValue(toNumber(l)), r);
    }
    if (r instanceof NullValue || r instanceof BoolValue) {
      return coerce(l, new NumberValue(toNumber(r)));
    }
    if (l instanceof NumberValue && r instanceof StringValue) {
      r = new NumberValue(toNumber(r));
    } else if (l instanceof StringValue && r instanceof NumberValue) {
      l = new NumberValue(toNumber(l));
    }
    return new Value[] {l, r};
  }

  /** Case-insensitive equality as GitHub defines it (see {@link #upperSpecial}). */
  static boolean equalsIgnoreCase(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    if (isAscii(a) && isAscii(b)) {
      return a.equalsIgnoreCase(b);
    }
    return upperSpecial(a).equals(upperSpecial(b));
  }

  /** Upper-cases {@code s} except for the dotless i (U+0131), as GitHub's comparisons do. */
  static String upperSpecial(String s) {
    if (s.indexOf('\u0131') < 0) {
      return s.toUpperCase(Locale.ROOT);
    }
    StringBuilder sb = new StringBuilder(s.length());
    int start = 0;
    int found;
    while ((found = s.indexOf('\u0131', start)) >= 0) {
      sb.append(s.substring(start, found).toUpperCase(Locale.ROOT)).append('\u0131');
      start = found + 1;
    }
    return sb.append(s.substring(start).toUpperCase(Locale.ROOT)).toString();
  }

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
