package dev.hearth.server.config;

import dev.hearth.engine.quota.Quota;
import dev.hearth.engine.quota.QuotaException;
import dev.hearth.engine.quota.QuotaPolicy;
import dev.hearth.engine.quota.QuotaResolver;
import dev.hearth.engine.quota.QuotaValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads the {@code quotas}, {@code pool}, {@code placement} and {@code members} sections of the YAML
 * configuration file into a {@link VmsConfig}. These sections hold maps keyed by labels and
 * repositories and lists of members, which the flat settings of {@link YamlConfigFile} do not fit;
 * that reader leaves them to this one. Every error is a {@link ConfigException} naming
 * {@code file:line:column}, the dotted key and what was expected.
 */
public final class VmsConfigFile {
  /** The top-level keys this reader owns. */
  static final Set<String> SECTIONS = Set.of("quotas", "pool", "placement", "members");
  private static final List<String> QUOTA_KEYS = List.of("vcpus", "memory", "disk", "wall-time", "network");

  private final String name;
  private final Predicate<String> knownProvider;

  private VmsConfigFile(String name, Predicate<String> knownProvider) {
    this.name = name;
    this.knownProvider = knownProvider;
  }

  /**
   * @param file the configuration file (already read once by {@link YamlConfigFile}, so it exists and parses)
   * @param knownProvider whether a provider name is registered
   */
  public static VmsConfig read(Path file, Predicate<String> knownProvider) {
    Optional<Node> root;
    try {
      root = new Compose(LoadSettings.builder().setLabel(file.toString()).build())
          .composeString(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | YamlEngineException e) {
      throw new ConfigException(file + ": cannot read the configuration file: " + e.getMessage());
    }
    if (root.isEmpty() || !(root.get() instanceof MappingNode map)) return VmsConfig.NONE;
    return new VmsConfigFile(file.toString(), knownProvider).config(map);
  }

  private VmsConfig config(MappingNode root) {
    Map<String, NodeTuple> sections = new LinkedHashMap<>();
    for (NodeTuple t : root.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && SECTIONS.contains(k.getValue())) sections.put(k.getValue(), t);
    }
    QuotaPolicy quotas = sections.containsKey("quotas") ? quotas(sections.get("quotas").getValueNode()) : QuotaPolicy.NONE;
    VmsConfig.Pool pool = sections.containsKey("pool") ? pool("pool", sections.get("pool").getValueNode(), quotas)
        : VmsConfig.Pool.NONE;
    List<VmsConfig.Member> members = sections.containsKey("members")
        ? members(sections.get("members").getValueNode(), quotas, pool) : List.of();
    String placement = VmsConfig.DEFAULT_PLACEMENT;
    if (sections.containsKey("placement")) {
      Node node = sections.get("placement").getValueNode();
      placement = scalar("placement", node).strip();
      if (!VmsConfig.PLACEMENTS.contains(placement)) {
        throw invalid(node, "placement", "one of " + String.join(", ", VmsConfig.PLACEMENTS), placement);
      }
      if (members.isEmpty()) {
        throw new ConfigException(at(node) + ": placement: chooses among members, but there are none (add members: "
            + "with a name and a provider each, or remove placement)");
      }
    }
    return new VmsConfig(quotas, pool, placement, members);
  }

  private QuotaPolicy quotas(Node node) {
    Map<String, Node> keys = mapping("quotas", node, Set.of("defaults", "labels", "caps"));
    Quota defaults = keys.containsKey("defaults") ? quota("quotas.defaults", keys.get("defaults")) : Quota.NONE;
    Map<String, Quota> labels = named("quotas.labels", keys.get("labels"), label -> null);
    Map<String, Quota> caps = named("quotas.caps", keys.get("caps"),
        repo -> QuotaPolicy.isCapKey(repo) ? null : QuotaPolicy.CAP_KEY_EXPECTED);
    return new QuotaPolicy(defaults, labels, caps);
  }

  /** A mapping of names to quotas; {@code check} gives the complaint about a bad name, or null. */
  private Map<String, Quota> named(String key, Node node, Function<String, String> check) {
    Map<String, Quota> out = new LinkedHashMap<>();
    if (node == null) return out;
    if (!(node instanceof MappingNode map)) throw new ConfigException(at(node) + ": " + key + ": expected a mapping of names to quotas");
    for (NodeTuple t : map.getValue()) {
      String name = scalar(key, t.getKeyNode());
      String complaint = check.apply(name);
      if (complaint != null) throw new ConfigException(at(t.getKeyNode()) + ": " + key + ": '" + name + "' " + complaint);
      if (out.containsKey(name)) throw new ConfigException(at(t.getKeyNode()) + ": " + key + ": '" + name + "' appears twice");
      out.put(name, quota(key + "." + name, t.getValueNode()));
    }
    return out;
  }

  private Quota quota(String key, Node node) {
    Map<String, Node> keys = mapping(key, node, Set.copyOf(QUOTA_KEYS));
    Quota q = Quota.NONE;
    for (Map.Entry<String, Node> e : keys.entrySet()) {
      String k = key + "." + e.getKey();
      String text = scalar(k, e.getValue());
      try {
        q = switch (e.getKey()) {
          case "vcpus" -> q.withVcpus(QuotaValues.vcpus(text));
          case "memory" -> q.withMemoryMb(QuotaValues.sizeMb(text));
          case "disk" -> q.withDiskMb(QuotaValues.sizeMb(text));
          case "wall-time" -> q.withWallTime(QuotaValues.duration(text));
          default -> q.withNetwork(QuotaValues.network(text));
        };
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(at(e.getValue()) + ": " + k + ": " + ex.getMessage());
      }
    }
    return q;
  }

  private VmsConfig.Pool pool(String key, Node node, QuotaPolicy quotas) {
    Map<String, Node> keys = mapping(key, node, Set.of("size", "labels"));
    int size = 0;
    if (keys.containsKey("size")) {
      String text = scalar(key + ".size", keys.get("size"));
      try {
        size = Integer.parseInt(text.strip());
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < 0 || size > 64) throw invalid(keys.get("size"), key + ".size", "a whole number from 0 (no pool) to 64", text);
    }
    List<List<String>> labels = new ArrayList<>();
    Node list = keys.get("labels");
    if (list != null) {
      if (!(list instanceof SequenceNode seq)) {
        throw new ConfigException(at(list) + ": " + key + ".labels: expected a list of runs-on labels (each a label or a list of labels)");
      }
      for (Node item : seq.getValue()) {
        List<String> set = item instanceof SequenceNode s ? s.getValue().stream().map(n -> scalar(key + ".labels", n)).toList()
            : List.of(scalar(key + ".labels", item));
        try {
          new QuotaResolver(quotas.withoutCaps()).resolve(set, "");
        } catch (QuotaException e) {
          throw new ConfigException(at(item) + ": " + key + ".labels: " + e.getMessage());
        }
        labels.add(set);
      }
    }
    return new VmsConfig.Pool(size, labels);
  }

  /** {@code defaultPool}: the pool of members without a {@code pool:} of their own (the top-level one). */
  private List<VmsConfig.Member> members(Node node, QuotaPolicy quotas, VmsConfig.Pool defaultPool) {
    if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
      throw new ConfigException(at(node) + ": members: expected a list of members, each with a name and a provider");
    }
    List<VmsConfig.Member> members = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < seq.getValue().size(); i++) {
      String key = "members[" + i + "]";
      Node item = seq.getValue().get(i);
      Map<String, Node> keys = mapping(key, item, Set.of("name", "provider", "labels", "pool"));
      for (String required : List.of("name", "provider")) {
        if (!keys.containsKey(required)) throw new ConfigException(at(item) + ": " + key + ": expected a " + required);
      }
      String memberName = scalar(key + ".name", keys.get("name")).strip();
      if (!memberName.matches("[A-Za-z0-9_.-]{1,64}")) {
        throw invalid(keys.get("name"), key + ".name", "a name of letters, digits, '.', '_' or '-'", memberName);
      }
      if (!names.add(memberName)) throw invalid(keys.get("name"), key + ".name", "a name no other member has", memberName);
      String provider = scalar(key + ".provider", keys.get("provider")).strip();
      if (!knownProvider.test(provider)) throw invalid(keys.get("provider"), key + ".provider", "a known VM provider", provider);
      List<String> labels = keys.containsKey("labels") ? strings(key + ".labels", keys.get("labels")) : List.of();
      VmsConfig.Pool pool = keys.containsKey("pool") ? pool(key + ".pool", keys.get("pool"), quotas) : defaultPool;
      members.add(new VmsConfig.Member(memberName, provider, labels, pool));
    }
    return members;
  }

  private List<String> strings(String key, Node node) {
    if (node instanceof ScalarNode s) return List.of(s.getValue());
    if (!(node instanceof SequenceNode seq)) throw new ConfigException(at(node) + ": " + key + ": expected a list of labels");
    return seq.getValue().stream().map(n -> scalar(key, n)).toList();
  }

  private Map<String, Node> mapping(String key, Node node, Set<String> known) {
    if (!(node instanceof MappingNode map)) throw new ConfigException(at(node) + ": " + key + ": expected a mapping");
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : map.getValue()) {
      String k = scalar(key, t.getKeyNode());
      if (!known.contains(k)) {
        throw new ConfigException(at(t.getKeyNode()) + ": unknown key '" + key + "." + k + "' (known: "
            + String.join(", ", known.stream().sorted().toList()) + ")");
      }
      out.put(k, t.getValueNode());
    }
    return out;
  }

  private String scalar(String key, Node node) {
    if (node instanceof ScalarNode s) return s.getValue();
    throw new ConfigException(at(node) + ": " + key + ": expected a single value");
  }

  private ConfigException invalid(Node node, String key, String expected, String got) {
    return new ConfigException(at(node) + ": " + key + ": expected " + expected + ", got '" + got + "'");
  }

  private String at(Node node) {
    return node.getStartMark().map(m -> name + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse(name);
  }
}
