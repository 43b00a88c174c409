package dev.hearth.workflow.event;

import dev.hearth.workflow.source.Position;
import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.yaml.YamlMapping;
import dev.hearth.workflow.yaml.YamlNode;
import dev.hearth.workflow.yaml.YamlScalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code on.workflow_dispatch} and {@code on.workflow_call} and their definitions. */
final class InputsParser {
  private static final Pattern ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
  private static final Set<String> DISPATCH_INPUT_KEYS =
      Set.of("description", "required", "default", "type", "options");
  private static final Set<String> CALL_INPUT_KEYS = Set.of("description", "required", "default", "type");

  private InputsParser() {}

  static WorkflowDispatch dispatch(YamlNode value, Position at, List<WorkflowError> errors) {
    List<WorkflowDispatch.Input> inputs = new ArrayList<>();
    Optional<YamlMapping> m = Nodes.mapping(value, "'workflow_dispatch'", errors);
    if (m.isPresent()) {
      Nodes.checkKeys(m.get(), Set.of("inputs"), "under 'workflow_dispatch'", errors);
      for (YamlMapping.Entry e : definitions(m.get(), "inputs", "workflow_dispatch", errors)) {
        dispatchInput(e, errors).ifPresent(inputs::add);
      }
    }
    return new WorkflowDispatch(inputs, at);
  }

  static WorkflowCall call(YamlNode value, Position at, List<WorkflowError> errors) {
    List<WorkflowCall.Input> inputs = new ArrayList<>();
    List<WorkflowCall.Output> outputs = new ArrayList<>();
    List<WorkflowCall.Secret> secrets = new ArrayList<>();
    Optional<YamlMapping> m = Nodes.mapping(value, "'workflow_call'", errors);
    if (m.isPresent()) {
      Nodes.checkKeys(m.get(), Set.of("inputs", "outputs", "secrets"), "under 'workflow_call'", errors);
      for (YamlMapping.Entry e : definitions(m.get(), "inputs", "workflow_call", errors)) {
        callInput(e, errors).ifPresent(inputs::add);
      }
      for (YamlMapping.Entry e : definitions(m.get(), "outputs", "workflow_call", errors)) {
        output(e, errors).ifPresent(outputs::add);
      }
      for (YamlMapping.Entry e : definitions(m.get(), "secrets", "workflow_call", errors)) {
        secret(e, errors).ifPresent(secrets::add);
      }
    }
    return new WorkflowCall(inputs, outputs, secrets, at);
  }

  /** The entries of {@code parent.key} (a mapping of ids to definitions), ids checked. */
  private static List<YamlMapping.Entry> definitions(YamlMapping parent, String key, String event,
      List<WorkflowError> errors) {
    Optional<YamlNode> node = parent.get(key);
    if (node.isEmpty()) return List.of();
    Optional<YamlMapping> m = Nodes.mapping(node.get(), "'" + key + "' under '" + event + "'", errors);
    if (m.isEmpty()) return List.of();
    List<YamlMapping.Entry> out = new ArrayList<>();
    String noun = key.substring(0, key.length() - 1);
    for (YamlMapping.Entry e : m.get().entries()) {
      if (ID.matcher(e.name()).matches()) {
        out.add(e);
      } else {
        errors.add(new WorkflowError(e.key().position(), noun + " name '" + e.name() + "' under '"
            + event + "' is invalid; it must start with a letter or '_' and contain only letters, "
            + "digits, '-' and '_'"));
      }
    }
    return out;
  }

  private static Optional<WorkflowDispatch.Input> dispatchInput(YamlMapping.Entry e,
      List<WorkflowError> errors) {
    String what = "input '" + e.name() + "' of 'workflow_dispatch'";
    Optional<YamlMapping> om = Nodes.mapping(e.value(), what, errors);
    if (om.isEmpty()) return Optional.empty();
    YamlMapping m = om.get();
    Nodes.checkKeys(m, DISPATCH_INPUT_KEYS, "in " + what, errors);
    Optional<WorkflowDispatch.Type> parsed = dispatchTypeOf(m, what, errors);
    if (parsed.isEmpty()) return Optional.empty();
    WorkflowDispatch.Type type = parsed.get();
    List<String> options = options(m, type, what, errors);
    Optional<String> def = m.get("default")
        .flatMap(d -> checkedDefault(d, type.yamlName(), options, what, errors));
    return Optional.of(new WorkflowDispatch.Input(e.name(), description(m, what, errors),
        required(m, what, errors), type, def, options, e.key().position()));
  }

  /** The input's type (string when not given), or empty after reporting an unknown one. */
  private static Optional<WorkflowDispatch.Type> dispatchTypeOf(YamlMapping m, String what,
      List<WorkflowError> errors) {
    Optional<YamlNode> typeNode = m.get("type");
    if (typeNode.isEmpty()) return Optional.of(WorkflowDispatch.Type.STRING);
    Optional<String> t = Nodes.scalar(typeNode.get(), "'type' of " + what, errors);
    Optional<WorkflowDispatch.Type> parsed = t.flatMap(InputsParser::dispatchType);
    if (t.isPresent() && parsed.isEmpty()) {
      errors.add(new WorkflowError(typeNode.get().position(), what + " has type '" + t.get()
          + "'; expected one of: boolean, choice, environment, number, string"));
    }
    return parsed;
  }

  private static List<String> options(YamlMapping m, WorkflowDispatch.Type type, String what,
      List<WorkflowError> errors) {
    Optional<YamlNode> node = m.get("options");
    if (node.isEmpty()) {
      if (type == WorkflowDispatch.Type.CHOICE) {
        errors.add(new WorkflowError(m.position(), what
            + " has type 'choice' but no 'options'; list its choices under 'options'"));
      }
      return List.of();
    }
    return Nodes.stringOrList(node.get(), "'options' of " + what, errors).stream()
        .map(YamlScalar::text).toList();
  }

  private static Optional<WorkflowCall.Input> callInput(YamlMapping.Entry e, List<WorkflowError> errors) {
    String what = "input '" + e.name() + "' of 'workflow_call'";
    Optional<YamlMapping> om = Nodes.mapping(e.value(), what, errors);
    if (om.isEmpty()) return Optional.empty();
    YamlMapping m = om.get();
    Nodes.checkKeys(m, CALL_INPUT_KEYS, "in " + what, errors);
    Optional<YamlNode> typeNode = m.get("type");
    if (typeNode.isEmpty()) {
      errors.add(new WorkflowError(m.position(), what + " needs a 'type': boolean, number or string"));
      return Optional.empty();
    }
    Optional<String> t = Nodes.scalar(typeNode.get(), "'type' of " + what, errors);
    Optional<WorkflowCall.Type> type = t.flatMap(InputsParser::callType);
    if (t.isPresent() && type.isEmpty()) {
      errors.add(new WorkflowError(typeNode.get().position(), what + " has type '" + t.get()
          + "'; expected one of: boolean, number, string"));
    }
    if (type.isEmpty()) return Optional.empty();
    Optional<String> def = m.get("default")
        .flatMap(d -> checkedDefault(d, type.get().yamlName(), List.of(), what, errors));
    return Optional.of(new WorkflowCall.Input(e.name(), description(m, what, errors),
        required(m, what, errors), type.get(), def, e.key().position()));
  }

  private static Optional<WorkflowCall.Output> output(YamlMapping.Entry e, List<WorkflowError> errors) {
    String what = "output '" + e.name() + "' of 'workflow_call'";
    Optional<YamlMapping> om = Nodes.mapping(e.value(), what, errors);
    if (om.isEmpty()) return Optional.empty();
    YamlMapping m = om.get();
    Nodes.checkKeys(m, Set.of("description", "value"), "in " + what, errors);
    Optional<YamlNode> value = m.get("value");
    if (value.isEmpty()) {
      errors.add(new WorkflowError(m.position(), what + " needs a 'value', e.g. "
          + "'${{ jobs.<job>.outputs.<output> }}'"));
      return Optional.empty();
    }
    return Nodes.scalar(value.get(), "'value' of " + what, errors).map(v ->
        new WorkflowCall.Output(e.name(), description(m, what, errors), v, e.key().position()));
  }

  private static Optional<WorkflowCall.Secret> secret(YamlMapping.Entry e, List<WorkflowError> errors) {
    String what = "secret '" + e.name() + "' of 'workflow_call'";
    Optional<YamlMapping> om = Nodes.mapping(e.value(), what, errors);
    if (om.isEmpty()) return Optional.empty();
    YamlMapping m = om.get();
    Nodes.checkKeys(m, Set.of("description", "required"), "in " + what, errors);
    return Optional.of(new WorkflowCall.Secret(e.name(), description(m, what, errors),
        required(m, what, errors), e.key().position()));
  }

  /**
   * The default's text when it suits the type (YAML numbers in decimal, so {@code 0x10} is "16");
   * expressions are left for evaluation.
   */
  private static Optional<String> checkedDefault(YamlNode node, String type, List<String> options,
      String what, List<WorkflowError> errors) {
    Optional<String> text = Nodes.scalar(node, "'default' of " + what, errors);
    if (text.isEmpty() || text.get().contains("${{")) return text;
    YamlScalar s = (YamlScalar) node;
    boolean numeric = s.kind() == YamlScalar.Kind.INTEGER || s.kind() == YamlScalar.Kind.FLOAT;
    if (type.equals("number") && numeric) {
      double d = s.numberValue();
      if (Double.isFinite(d)) return Optional.of(InputValues.number(d).asText());
      errors.add(new WorkflowError(node.position(), "default '" + text.get() + "' of " + what
          + " does not fit its type 'number': expected a finite number"));
      return Optional.empty();
    }
    try {
      InputValues.convert(type, text.get(), options);
      return text;
    } catch (IllegalArgumentException ex) {
      errors.add(new WorkflowError(node.position(), "default '" + text.get() + "' of " + what
          + " does not fit its type '" + type + "': " + ex.getMessage()));
      return Optional.empty();
    }
  }

  private static Optional<String> description(YamlMapping m, String what, List<WorkflowError> errors) {
    return m.get("description").flatMap(n -> Nodes.isNull(n) ? Optional.empty()
        : Nodes.scalar(n, "'description' of " + what, errors));
  }

  private static boolean required(YamlMapping m, String what, List<WorkflowError> errors) {
    return m.get("required").flatMap(n -> Nodes.bool(n, "'required' of " + what, errors))
        .orElse(false);
  }

  private static Optional<WorkflowDispatch.Type> dispatchType(String t) {
    for (WorkflowDispatch.Type type : WorkflowDispatch.Type.values()) {
      if (type.yamlName().equals(t)) return Optional.of(type);
    }
    return Optional.empty();
  }

  private static Optional<WorkflowCall.Type> callType(String t) {
    for (WorkflowCall.Type type : WorkflowCall.Type.values()) {
      if (type.yamlName().equals(t)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
