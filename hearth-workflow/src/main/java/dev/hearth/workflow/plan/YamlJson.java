package dev.hearth.workflow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.workflow.yaml.YamlMapping;
import dev.hearth.workflow.yaml.YamlNode;
import dev.hearth.workflow.yaml.YamlScalar;
import dev.hearth.workflow.yaml.YamlSequence;

/**
 * YAML as the JSON value GitHub sees: scalars by their core-schema type (an integer that fits a
 * long stays integral; {@code 3.10} is the number 3.1), sequences as lists, mappings as objects in
 * the order written. Strings holding {@code ${{ }}} are kept as text for later evaluation.
 */
final class YamlJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private YamlJson() {}

  static JsonNode of(YamlNode node) {
    return switch (node) {
      case YamlScalar scalar -> scalar(scalar);
      case YamlSequence sequence -> {
        ArrayNode array = JSON.arrayNode(sequence.items().size());
        sequence.items().forEach(item -> array.add(of(item)));
        yield array;
      }
      case YamlMapping mapping -> {
        ObjectNode object = JSON.objectNode();
        mapping.entries().forEach(entry -> object.set(entry.name(), of(entry.value())));
        yield object;
      }
    };
  }

  private static JsonNode scalar(YamlScalar scalar) {
    return switch (scalar.kind()) {
      case STRING -> JSON.textNode(scalar.text());
      case NULL -> JSON.nullNode();
      case BOOLEAN -> JSON.booleanNode(scalar.booleanValue());
      case INTEGER, FLOAT -> number(scalar.numberValue());
    };
  }

  private static JsonNode number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 0x1p53) {
      long integral = (long) value;
      return integral == (int) integral
          ? JSON.numberNode((int) integral) : JSON.numberNode(integral);
    }
    return JSON.numberNode(value);
  }
}
