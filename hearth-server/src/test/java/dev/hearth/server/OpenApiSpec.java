package dev.hearth.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * A small checker of JSON bodies against {@code openapi.yaml}'s schemas: {@code $ref}, {@code allOf},
 * {@code type}, {@code nullable}, {@code required}, {@code properties}, {@code items} and {@code enum}
 * — what Hearth's spec uses. (A validator library would check more of the standard; this one is
 * enough for the shapes this spec has, and its messages name the JSON path that is wrong.)
 */
final class OpenApiSpec {
  /** One documented answer: a path template, a method, a status, its content type and schema (null for none). */
  record Answer(String path, String method, int status, String contentType, Map<String, Object> schema) {}

  private final Map<String, Object> root;

  private OpenApiSpec(Map<String, Object> root) {
    this.root = root;
  }

  @SuppressWarnings("unchecked")
  static OpenApiSpec load() throws Exception {
    try (InputStream in = OpenApiSpec.class.getResourceAsStream("/openapi.yaml")) {
      return new OpenApiSpec((Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromInputStream(in));
    }
  }

  /** Every (path, method, status) the spec documents. */
  @SuppressWarnings("unchecked")
  List<Answer> answers() {
    List<Answer> out = new ArrayList<>();
    Map<String, Object> paths = (Map<String, Object>) root.get("paths");
    paths.forEach((path, item) -> ((Map<String, Object>) item).forEach((method, op) -> {
      if (method.equals("parameters")) return;
      Map<String, Object> responses = (Map<String, Object>) ((Map<String, Object>) op).get("responses");
      responses.forEach((status, response) -> {
        Map<String, Object> r = resolve((Map<String, Object>) response);
        Map<String, Object> content = (Map<String, Object>) r.get("content");
        String type = content == null ? null : content.keySet().iterator().next();
        Map<String, Object> schema = type == null ? null : (Map<String, Object>) ((Map<String, Object>) content.get(type)).get("schema");
        out.add(new Answer(path, method.toUpperCase(), Integer.parseInt(status), type, schema));
      });
    }));
    return out;
  }

  /** What is wrong with {@code value} under {@code schema}; empty when it conforms. */
  List<String> check(Map<String, Object> schema, JsonNode value) {
    List<String> problems = new ArrayList<>();
    check(schema, value, "$", problems);
    return problems;
  }

  @SuppressWarnings("unchecked")
  private void check(Map<String, Object> raw, JsonNode value, String at, List<String> problems) {
    Map<String, Object> schema = resolve(raw);
    if (schema.containsKey("allOf")) {
      for (Object part : (List<Object>) schema.get("allOf")) check((Map<String, Object>) part, value, at, problems);
      return;
    }
    if (value == null || value.isMissingNode()) return;
    if (value.isNull()) {
      if (!Boolean.TRUE.equals(schema.get("nullable"))) problems.add(at + " is null but is not nullable");
      return;
    }
    String type = (String) schema.get("type");
    boolean ok = switch (type == null ? "any" : type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
    if (!ok) {
      problems.add(at + " should be " + type + " but is " + value.getNodeType() + ": " + value);
      return;
    }
    if (schema.containsKey("enum") && value.isTextual()
        && !((List<Object>) schema.get("enum")).contains(value.asText())) {
      problems.add(at + " is '" + value.asText() + "', not one of " + schema.get("enum"));
    }
    if (value.isObject()) {
      for (Object name : (List<Object>) schema.getOrDefault("required", List.of())) {
        if (!value.has((String) name)) problems.add(at + " lacks the required field " + name);
      }
      Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
      properties.forEach((name, sub) -> check((Map<String, Object>) sub, value.get(name), at + "." + name, problems));
    }
    if (value.isArray() && schema.containsKey("items")) {
      for (int i = 0; i < value.size(); i++) check((Map<String, Object>) schema.get("items"), value.get(i), at + "[" + i + "]", problems);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> resolve(Map<String, Object> node) {
    Set<String> seen = new LinkedHashSet<>();
    while (node.containsKey("$ref")) {
      String ref = (String) node.get("$ref");
      if (!seen.add(ref) || !ref.startsWith("#/")) throw new IllegalStateException("cannot resolve $ref " + ref);
      Object at = root;
      for (String part : ref.substring(2).split("/")) at = ((Map<String, Object>) at).get(part);
      if (at == null) throw new IllegalStateException("openapi.yaml: $ref " + ref + " names nothing");
      node = (Map<String, Object>) at;
    }
    return node;
  }
}
