package dev.hearth.workflow.expr;

import dev.hearth.workflow.expr.Value.ArrayValue;
import dev.hearth.workflow.expr.Value.NullValue;
import dev.hearth.workflow.expr.Value.ObjectValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Property, index and filter access with GitHub's rules. An object is indexed by the key's
 * string form (ignoring case); an array by the key's number rounded down when it is finite and
 * not negative. Anything else, or a missing key, gives null. On a filter result ({@code .*},
 * {@code [*]}) an access applies to every element and keeps only what it finds.
 */
final class Access {
  private Access() {}

  /** {@code target.name} with {@code lowerName} already case-folded. */
  static Value property(Value target, String lowerName) {
    if (target instanceof ObjectValue o) {
      Value v = o.getLower(lowerName);
      return v == null ? NullValue.INSTANCE : v;
    }
    if (target instanceof ArrayValue a && a.isFiltered()) {
      List<Value> out = new ArrayList<>();
      for (Value item : a.items()) {
        if (item instanceof ObjectValue o) {
          Value v = o.getLower(lowerName);
          if (v != null) {
            out.add(v);
          }
        }
      }
      return ArrayValue.filtered(out);
    }
    return NullValue.INSTANCE;
  }

  /** {@code target[key]}. */
  static Value index(Value target, Value key) {
    String str = key.isPrimitive() ? Coercion.toStr(key) : null;
    int idx = arrayIndex(key);
    if (target instanceof ArrayValue a && a.isFiltered()) {
      List<Value> out = new ArrayList<>();
      for (Value item : a.items()) {
        Value v = lookup(item, str, idx);
        if (v != null) {
          out.add(v);
        }
      }
      return ArrayValue.filtered(out);
    }
    Value v = lookup(target, str, idx);
    return v == null ? NullValue.INSTANCE : v;
  }

  private static Value lookup(Value target, String str, int idx) {
    if (target instanceof ObjectValue o) {
      return str == null ? null : o.get(str);
    }
    if (target instanceof ArrayValue a) {
      return idx >= 0 && idx < a.items().size() ? a.items().get(idx) : null;
    }
    return null;
  }

  /** The array index a key selects, or -1 when it selects none. */
  private static int arrayIndex(Value key) {
    double d = Coercion.toNumber(key);
    if (Double.isNaN(d) || Double.isInfinite(d) || d < 0) {
      return -1;
    }
    double f = Math.floor(d);
    return f > Integer.MAX_VALUE ? -1 : (int) f;
  }

  /** {@code target.*} / {@code target[*]}. */
  static Value wildcard(Value target) {
    List<Value> out = new ArrayList<>();
    if (target instanceof ArrayValue a && a.isFiltered()) {
      for (Value item : a.items()) {
        addChildren(out, item);
      }
    } else {
      addChildren(out, target);
    }
    return ArrayValue.filtered(out);
  }

  private static void addChildren(List<Value> out, Value v) {
    if (v instanceof ArrayValue a) {
      out.addAll(a.items());
    } else if (v instanceof ObjectValue o) {
      out.addAll(o.values());
    }
  }
}
