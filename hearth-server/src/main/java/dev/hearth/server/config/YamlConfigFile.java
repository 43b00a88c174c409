package dev.hearth.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads the YAML configuration file into settings by dotted key, each with its file:line:column.
 * Unknown keys, wrong shapes and YAML syntax errors are {@link ConfigException}s naming the position.
 */
final class YamlConfigFile {
  /** The sections whose keys are checked against {@link #KEYS}; {@code secrets} takes any name. */
  static final Set<String> SECTIONS = Set.of("webhook", "source", "github", "secrets", "fleet");
  static final Set<String> KEYS = Set.of("listen", "data-dir", "store", "provider", "max-sessions",
      "webhook.secrets", "source.base-url", "source.token", "github.api-url", "github.token", "github.app-id",
      "github.private-key-file", "github.report",
      "public-url", "log-format", "github.shutdown-wait",
      "fleet.host-id", "fleet.lease-seconds", "fleet.retry-on-host-loss", "fleet.max-concurrent-per-repo");

  private final String name;
  private final Map<String, Setting> settings = new LinkedHashMap<>();

  private YamlConfigFile(String name) {
    this.name = name;
  }

  /** The settings of {@code file}, by dotted key; secrets as {@code secrets.NAME}. */
  static Map<String, Setting> read(Path file) {
    String text;
    try {
      if (Files.size(file) > 1_000_000) throw new ConfigException(file + ": a configuration file is at most 1 MB");
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read the configuration file: " + e.getMessage());
    }
    YamlConfigFile reader = new YamlConfigFile(file.toString());
    Optional<Node> root;
    try {
      root = new Compose(LoadSettings.builder().setLabel(file.toString()).build()).composeString(text);
    } catch (MarkedYamlEngineException e) {
      throw new ConfigException(reader.at(e.getProblemMark()) + ": not valid YAML: " + e.getProblem());
    } catch (YamlEngineException e) {
      throw new ConfigException(file + ": not valid YAML: " + e.getMessage());
    }
    if (root.isEmpty()) return Map.of();
    reader.mapping("", root.get());
    return reader.settings;
  }

  private void mapping(String prefix, Node node) {
    if (!(node instanceof MappingNode map)) {
      throw new ConfigException(at(node) + ": " + (prefix.isEmpty() ? "the file" : prefix) + ": expected a mapping of keys to values");
    }
    for (NodeTuple tuple : map.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
        throw new ConfigException(at(tuple.getKeyNode()) + ": expected a plain key");
      }
      String key = prefix.isEmpty() ? keyNode.getValue() : prefix + "." + keyNode.getValue();
      Node value = tuple.getValueNode();
      if (prefix.isEmpty() && VmsConfigFile.SECTIONS.contains(key)) {
        continue; // quotas, pool, placement, members: read by VmsConfigFile
      } else if (prefix.isEmpty() && SECTIONS.contains(key)) {
        mapping(key, value);
      } else if (prefix.equals("secrets") || KEYS.contains(key)) {
        settings.put(key, new Setting(key, values(key, value), at(value)));
      } else {
        throw new ConfigException(at(keyNode) + ": unknown key '" + key + "' (known: " + known(prefix) + ")");
      }
    }
  }

  private List<String> values(String key, Node node) {
    if (node instanceof ScalarNode scalar) return List.of(scalar.getValue());
    if (node instanceof SequenceNode seq && key.equals("webhook.secrets")) {
      List<String> items = new ArrayList<>();
      for (Node item : seq.getValue()) {
        if (!(item instanceof ScalarNode s)) throw new ConfigException(at(item) + ": " + key + ": expected a list of strings");
        items.add(s.getValue());
      }
      return items;
    }
    throw new ConfigException(at(node) + ": " + key + ": expected a single value"
        + (key.equals("webhook.secrets") ? " or a list of strings" : ""));
  }

  private static String known(String prefix) {
    List<String> keys = new ArrayList<>();
    for (String k : KEYS) {
      if (prefix.isEmpty() && !k.contains(".")) keys.add(k);
      if (!prefix.isEmpty() && k.startsWith(prefix + ".")) keys.add(k.substring(prefix.length() + 1));
    }
    if (prefix.isEmpty()) keys.addAll(SECTIONS);
    if (prefix.isEmpty()) keys.addAll(VmsConfigFile.SECTIONS);
    return String.join(", ", keys.stream().sorted().toList());
  }

  private String at(Node node) {
    return node.getStartMark().map(this::at).orElse(name);
  }

  private String at(Optional<Mark> mark) {
    return mark.map(this::at).orElse(name);
  }

  private String at(Mark mark) {
    return name + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
  }
}
