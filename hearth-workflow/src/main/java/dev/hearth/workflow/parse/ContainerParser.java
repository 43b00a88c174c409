package dev.hearth.workflow.parse;

import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.model.Container;
import dev.hearth.workflow.model.Value;
import dev.hearth.workflow.yaml.YamlMapping;
import dev.hearth.workflow.yaml.YamlNode;
import dev.hearth.workflow.yaml.YamlScalar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A job's {@code container} and its {@code services}. */
final class ContainerParser {
  private static final List<String> KEYS = List.of("image", "credentials", "env", "ports", "volumes", "options");
  private final Reader r;

  ContainerParser(Reader r) {
    this.r = r;
  }

  Map<String, Container> services(YamlNode node) {
    Map<String, Container> out = new LinkedHashMap<>();
    YamlMapping m = r.mapping(node, "services");
    if (m == null) return out;
    for (YamlMapping.Entry e : m.entries()) {
      Container c = container(e.value(), "services." + e.name());
      if (c != null) out.put(e.name(), c);
    }
    return out;
  }

  Container container(YamlNode node, String key) {
    if (node instanceof YamlScalar s) {
      Value image = r.string(s, key, ExpressionScope.JOB_CONTAINER);
      return image == null ? null : new Container(image, null, null, Map.of(), List.of(), List.of(), null, s.position());
    }
    YamlMapping m = r.mapping(node, key);
    if (m == null) return null;
    r.checkKeys(m, KEYS, "'" + key + "'");
    Value image = m.get("image").map(v -> r.string(v, key + ".image", ExpressionScope.JOB_CONTAINER)).orElse(null);
    if (m.get("image").isEmpty()) r.error(m.position(), "'" + key + "' has no image: the container image cannot be empty");
    Value[] credentials = credentials(m.get("credentials").orElse(null), key);
    Map<String, Value> env = m.get("env").map(v -> r.stringMap(v, key + ".env", ExpressionScope.JOB_CONTAINER_ENV)).orElse(Map.of());
    List<Value> ports = m.get("ports").map(v -> r.stringList(v, key + ".ports", ExpressionScope.JOB_CONTAINER)).orElse(List.of());
    List<Value> volumes = m.get("volumes").map(v -> r.stringList(v, key + ".volumes", ExpressionScope.JOB_CONTAINER)).orElse(List.of());
    Value options = m.get("options").map(v -> r.string(v, key + ".options", ExpressionScope.JOB_CONTAINER)).orElse(null);
    return new Container(image, credentials[0], credentials[1], env, ports, volumes, options, m.position());
  }

  private Value[] credentials(YamlNode node, String key) {
    Value[] out = new Value[2];
    if (node == null) return out;
    YamlMapping m = r.mapping(node, key + ".credentials");
    if (m == null) return out;
    r.checkKeys(m, List.of("username", "password"), "'" + key + ".credentials'");
    out[0] = m.get("username").map(v -> r.string(v, "credentials.username", ExpressionScope.JOB_CREDENTIALS)).orElse(null);
    out[1] = m.get("password").map(v -> r.string(v, "credentials.password", ExpressionScope.JOB_CREDENTIALS)).orElse(null);
    return out;
  }
}
