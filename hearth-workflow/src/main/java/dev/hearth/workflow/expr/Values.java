package dev.hearth.workflow.expr;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.workflow.expr.Value.ArrayValue;
import dev.hearth.workflow.expr.Value.BoolValue;
import dev.hearth.workflow.expr.Value.NullValue;
import dev.hearth.workflow.expr.Value.NumberValue;
import dev.hearth.workflow.expr.Value.ObjectValue;
import dev.hearth.workflow.expr.Value.StringValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conversions between expression values and JSON: Jackson trees (for contexts read from files
 * and for callers), JSON text as {@code fromJSON} reads it, and the pretty text {@code toJSON}
 * writes (two-space indent, as JavaScript's {@code JSON.stringify(v, null, 2)}).
 */
public final class Values {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Values() {}

  /** The value of a Jackson tree; numbers become doubles, object keys keep their order. */
  public static Value fromJson(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NullValue.INSTANCE;
    }
    if (node.isBoolean()) {
      return BoolValue.of(node.booleanValue());
    }
    if (node.isNumber()) {
      return new NumberValue(node.doubleValue());
    }
    if (node.isTextual()) {
      return new StringValue(node.textValue());
    }
    if (node.isArray()) {
      List<Value> items = new ArrayList<>(node.size());
      node.forEach(n -> items.add(fromJson(n)));
      return ArrayValue.of(items);
    }
    if (node.isObject()) {
      ObjectValue.Builder b = ObjectValue.builder();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        b.put(e.getKey(), fromJson(e.getValue()));
      }
      return b.build();
    }
    return new StringValue(node.asText());
  }

  /** The Jackson tree of a value; NaN and the infinities become JSON null, as in JavaScript. */
  public static JsonNode toJson(Value value) {
    return switch (value) {
      case NullValue n -> NODES.nullNode();
      case BoolValue b -> NODES.booleanNode(b.value());
      case NumberValue n -> Double.isFinite(n.value())
          ? NODES.numberNode(n.value()) : NODES.nullNode();
      case StringValue s -> NODES.textNode(s.value());
      case ArrayValue a -> {
        ArrayNode arr = NODES.arrayNode();
        a.items().forEach(i -> arr.add(toJson(i)));
        yield arr;
      }
      case ObjectValue o -> {
        ObjectNode obj = NODES.objectNode();
        o.entries().forEach(e -> obj.set(e.getKey(), toJson(e.getValue())));
        yield obj;
      }
    };
  }

  /**
   * Parses strict JSON text (one value, nothing after it) as {@code fromJSON} does.
   *
   * @throws IOException when the text is not valid JSON or nests too deeply
   */
  public static Value parseJson(String text) throws IOException {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new IOException("no JSON value in the text");
      }
      Value v = read(p, first);
      if (p.nextToken() != null) {
        throw new IOException("unexpected text after the JSON value at offset "
            + p.currentTokenLocation().getCharOffset());
      }
      return v;
    }
  }

  private static Value read(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_NULL -> NullValue.INSTANCE;
      case VALUE_TRUE -> BoolValue.TRUE;
      case VALUE_FALSE -> BoolValue.FALSE;
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new NumberValue(p.getValueAsDouble());
      case VALUE_STRING -> new StringValue(p.getText());
      case START_ARRAY -> {
        List<Value> items = new ArrayList<>();
        for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
          items.add(read(p, n));
        }
        yield ArrayValue.of(items);
      }
      case START_OBJECT -> {
        // JSON.parse keeps the last of two equal keys (at the first one's place).
        Map<String, Value> map = new LinkedHashMap<>();
        for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
          String key = p.currentName();
          map.put(key, read(p, p.nextToken()));
        }
        yield ObjectValue.of(map);
      }
      default -> throw new IOException("unexpected JSON token " + t);
    };
  }

  /** {@code toJSON}'s text: JSON with a two-space indent, empty containers as [] and {}. */
  public static String toJsonText(Value value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, 0);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Value value, int indent) {
    switch (value) {
      case NullValue n -> sb.append("null");
      case BoolValue b -> sb.append(b.value());
      case NumberValue n -> sb.append(Double.isFinite(n.value())
          ? JsNumbers.toJsString(n.value()) : "null");
      case StringValue s -> quote(sb, s.value());
      case ArrayValue a -> writeArray(sb, a.items(), indent);
      case ObjectValue o -> writeObject(sb, o, indent);
    }
  }

  private static void writeArray(StringBuilder sb, List<Value> items, int indent) {
    if (items.isEmpty()) {
      sb.append("[]");
      return;
    }
    sb.append('[');
    for (int i = 0; i < items.size(); i++) {
      sb.append(i == 0 ? "\n" : ",\n").append("  ".repeat(indent + 1));
      write(sb, items.get(i), indent + 1);
    }
    sb.append('\n').append("  ".repeat(indent)).append(']');
  }

  private static void writeObject(StringBuilder sb, ObjectValue o, int indent) {
    if (o.size() == 0) {
      sb.append("{}");
      return;
    }
    sb.append('{');
    boolean first = true;
    for (Map.Entry<String, Value> e : o.entries()) {
      sb.append(first ? "\n" : ",\n").append("  ".repeat(indent + 1));
      first = false;
      quote(sb, e.getKey());
      sb.append(": ");
      write(sb, e.getValue(), indent + 1);
    }
    sb.append('\n').append("  ".repeat(indent)).append('}');
  }

  /** A JSON string literal escaped as JavaScript's {@code JSON.stringify} does. */
  static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || isLoneSurrogate(s, i)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static boolean isLoneSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }
}
