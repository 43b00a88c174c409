package dev.hearth.workflow.expr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A value of GitHub's expression language: null, boolean, number (a double), string, array or
 * object. Values are immutable. Arrays and objects compare by identity (GitHub's {@code ==} on two
 * objects is true only for the same object), so they are classes rather than records.
 */
public sealed interface Value {

  /** GitHub's kind name, as {@code format('{0}', x)} prints arrays and objects. */
  String kindName();

  /** True for null, booleans, numbers and strings. */
  default boolean isPrimitive() {
    return !(this instanceof ArrayValue || this instanceof ObjectValue);
  }

  /** The null value. */
  enum NullValue implements Value {
    INSTANCE;

    @Override
    public String kindName() {
      return "Null";
    }
  }

  /** A boolean. */
  record BoolValue(boolean value) implements Value {
    public static final BoolValue TRUE = new BoolValue(true);
    public static final BoolValue FALSE = new BoolValue(false);

    public static BoolValue of(boolean b) {
      return b ? TRUE : FALSE;
    }

    @Override
    public String kindName() {
      return "Boolean";
    }
  }

  /** A number; GitHub's numbers are IEEE doubles, NaN and the infinities included. */
  record NumberValue(double value) implements Value {
    @Override
    public String kindName() {
      return "Number";
    }
  }

  /** A string. */
  record StringValue(String value) implements Value {
    public StringValue {
      java.util.Objects.requireNonNull(value, "value");
    }

    @Override
    public String kindName() {
      return "String";
    }
  }

  /**
   * An array. {@code filtered} marks the result of a {@code .*} or {@code [*]} filter: a further
   * property or index access then applies to every element instead of to the array itself.
   */
  final class ArrayValue implements Value {
    private final List<Value> items;
    private final boolean filtered;

    private ArrayValue(List<Value> items, boolean filtered) {
      this.items = items;
      this.filtered = filtered;
    }

    /** A plain array holding a copy of {@code items}. */
    public static ArrayValue of(Collection<? extends Value> items) {
      return new ArrayValue(List.copyOf(items), false);
    }

    static ArrayValue filtered(List<Value> items) {
      return new ArrayValue(Collections.unmodifiableList(items), true);
    }

    public List<Value> items() {
      return items;
    }

    public boolean isFiltered() {
      return filtered;
    }

    @Override
    public String kindName() {
      return "Array";
    }

    @Override
    public String toString() {
      return "Array" + items;
    }
  }

  /**
   * An object whose keys compare case-insensitively and keep their first spelling and insertion
   * order. When two keys differ only by case the first one wins, as in GitHub's implementation.
   */
  final class ObjectValue implements Value {
    private final Map<String, Map.Entry<String, Value>> byLowerKey;

    private ObjectValue(Map<String, Map.Entry<String, Value>> byLowerKey) {
      this.byLowerKey = byLowerKey;
    }

    /** An object with the entries of {@code map}, in its iteration order. */
    public static ObjectValue of(Map<String, ? extends Value> map) {
      Builder b = builder();
      map.forEach(b::put);
      return b.build();
    }

    public static Builder builder() {
      return new Builder();
    }

    /** The value under {@code key} (any case), or null when there is none. */
    public Value get(String key) {
      Map.Entry<String, Value> e = byLowerKey.get(lower(key));
      return e == null ? null : e.getValue();
    }

    /** Like {@link #get} for a key already folded with {@link #lower}. */
    Value getLower(String lowerKey) {
      Map.Entry<String, Value> e = byLowerKey.get(lowerKey);
      return e == null ? null : e.getValue();
    }

    /** The entries with their original key spelling, in insertion order. */
    public Collection<Map.Entry<String, Value>> entries() {
      return Collections.unmodifiableCollection(byLowerKey.values());
    }

    /** The values in insertion order. */
    public List<Value> values() {
      List<Value> out = new ArrayList<>(byLowerKey.size());
      for (Map.Entry<String, Value> e : byLowerKey.values()) {
        out.add(e.getValue());
      }
      return out;
    }

    public int size() {
      return byLowerKey.size();
    }

    @Override
    public String kindName() {
      return "Object";
    }

    @Override
    public String toString() {
      return "Object" + byLowerKey.values();
    }

    /** The case folding used for keys. */
    static String lower(String key) {
      return key.toLowerCase(Locale.ROOT);
    }

    /** Collects entries; a key already present (in any case) is ignored. */
    public static final class Builder {
      private final Map<String, Map.Entry<String, Value>> map = new LinkedHashMap<>();

      public Builder put(String key, Value value) {
        map.putIfAbsent(lower(key), Map.entry(key, value));
        return this;
      }

      public ObjectValue build() {
        return new ObjectValue(Collections.unmodifiableMap(new LinkedHashMap<>(map)));
      }
    }
  }
}
