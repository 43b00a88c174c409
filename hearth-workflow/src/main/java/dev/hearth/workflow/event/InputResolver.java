package dev.hearth.workflow.event;

import dev.hearth.workflow.source.DidYouMean;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns the values given for a run's inputs into the typed {@code inputs} context: defaults for
 * what was not given, required inputs checked, every value checked against its input's type.
 * Problems are collected in the result, one message per input, never thrown.
 */
public final class InputResolver {
  private InputResolver() {}

  /** Typed values by input name, in definition order, and the problems found. */
  public record Resolved(Map<String, JsonNode> values, List<String> errors) {
    public Resolved {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
      errors = List.copyOf(errors);
    }

    public boolean ok() {
      return errors.isEmpty();
    }
  }

  /**
   * Resolves a manual run's inputs from strings (a CLI's {@code -f name=value}, or the
   * {@code inputs} of a {@code workflow_dispatch} payload, where every value is a string).
   */
  public static Resolved dispatch(WorkflowDispatch definition, Map<String, String> given) {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    unexpected(given.keySet(), definition.inputs().stream().map(WorkflowDispatch.Input::name).toList(),
        "workflow_dispatch", errors);
    for (WorkflowDispatch.Input in : definition.inputs()) {
      String type = in.type().yamlName();
      String text = given.containsKey(in.name()) ? given.get(in.name()) : in.defaultValue().orElse(null);
      if (text == null) {
        if (in.required()) errors.add("input '" + in.name() + "' is required but was not given");
        values.put(in.name(), InputValues.zero(type));
        continue;
      }
      try {
        values.put(in.name(), InputValues.convert(type, text, in.options()));
      } catch (IllegalArgumentException e) {
        errors.add("input '" + in.name() + "' is '" + text + "'; " + e.getMessage()
            + " for type '" + type + "'");
      }
    }
    return new Resolved(values, errors);
  }

  /**
   * Resolves a manual run's inputs from the {@code inputs} object of a {@code workflow_dispatch}
   * payload; scalars stand for their text ({@code true} for "true"), as the API sends strings.
   */
  public static Resolved dispatch(WorkflowDispatch definition, JsonNode payloadInputs) {
    Map<String, String> given = new LinkedHashMap<>();
    payloadInputs.properties().forEach(e -> given.put(e.getKey(),
        e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
    return dispatch(definition, given);
  }

  /**
   * Resolves a reusable workflow's inputs from its caller's {@code with:} (values already
   * evaluated). {@code evaluateDefault} evaluates a default written as an expression.
   */
  public static Resolved call(WorkflowCall definition, Map<String, JsonNode> with,
      Function<String, JsonNode> evaluateDefault) {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    unexpected(with.keySet(), definition.inputs().stream().map(WorkflowCall.Input::name).toList(),
        "workflow_call", errors);
    for (WorkflowCall.Input in : definition.inputs()) {
      String type = in.type().yamlName();
      JsonNode value = with.get(in.name());
      if (value == null) {
        if (in.required()) errors.add("input '" + in.name() + "' is required but was not given");
        try {
          value = in.defaultValue().map(d -> callDefault(type, d, evaluateDefault))
              .orElse(InputValues.zero(type));
        } catch (IllegalArgumentException e) {
          errors.add("default of input '" + in.name() + "' does not fit its type '" + type + "': "
              + e.getMessage());
          continue;
        }
      }
      callValue(in.name(), type, value, errors).ifPresent(v -> values.put(in.name(), v));
    }
    return new Resolved(values, errors);
  }

  private static JsonNode callDefault(String type, String text, Function<String, JsonNode> evaluate) {
    if (text.contains("${{")) return evaluate.apply(text);
    return type.equals("string") ? JsonNodeFactory.instance.textNode(text)
        : InputValues.convert(type, text, List.of());
  }

  /** GitHub's coercions for a {@code with:} value: strings take any scalar, null becomes "". */
  private static Optional<JsonNode> callValue(String name, String type, JsonNode v,
      List<String> errors) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    boolean fits = switch (type) {
      case "boolean" -> v.isBoolean();
      case "number" -> v.isNumber();
      default -> v.isValueNode() || v.isNull();
    };
    if (!fits) {
      errors.add("input '" + name + "' is " + describe(v) + "; expected a " + type);
      return Optional.empty();
    }
    if (type.equals("string")) return Optional.of(v.isNull() ? json.textNode("") : v);
    return Optional.of(type.equals("number") ? InputValues.number(v.asDouble()) : v);
  }

  private static String describe(JsonNode v) {
    return v.isTextual() ? "'" + v.asText() + "'" : v.isContainerNode() ? "a " + v.getNodeType()
        .name().toLowerCase(Locale.ROOT) : v.toString();
  }

  private static void unexpected(Iterable<String> given, List<String> defined, String event,
      List<String> errors) {
    for (String name : given) {
      if (!defined.contains(name)) {
        errors.add("input '" + name + "' is not defined under '" + event + "'"
            + DidYouMean.hint(name, defined));
      }
    }
  }
}
