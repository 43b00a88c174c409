package dev.hearth.workflow.action;

import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.model.Step;
import dev.hearth.workflow.model.Value;
import dev.hearth.workflow.parse.StepsSection;
import dev.hearth.workflow.parse.WorkflowParser;
import dev.hearth.workflow.source.DidYouMean;
import dev.hearth.workflow.source.Position;
import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.source.WorkflowSyntaxException;
import dev.hearth.workflow.yaml.YamlLoader;
import dev.hearth.workflow.yaml.YamlMapping;
import dev.hearth.workflow.yaml.YamlNode;
import dev.hearth.workflow.yaml.YamlScalar;
import dev.hearth.workflow.yaml.YamlSequence;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an {@code action.yml} into an {@link Action}, or every error found, each with its line and
 * column, in the words of the workflow parser. Never throws for bad input; thread-safe.
 *
 * <p>Like GitHub's runner, only {@code runs} is required ({@code name} and {@code description} are
 * documented as required but the runner runs actions without them). A composite action's
 * {@code run} steps must name their {@code shell}, and its outputs need a {@code value}.
 */
public final class ActionParser {
  static final List<String> TOP_KEYS = List.of("name", "author", "description", "inputs", "outputs", "runs", "branding");
  static final List<String> INPUT_KEYS = List.of("description", "required", "default", "deprecationMessage");
  static final List<String> OUTPUT_KEYS = List.of("description", "value");
  static final List<String> NODE_KEYS = List.of("using", "main", "pre", "pre-if", "post", "post-if");
  static final List<String> COMPOSITE_KEYS = List.of("using", "steps");
  static final List<String> DOCKER_KEYS = List.of("using", "image", "env", "entrypoint", "pre-entrypoint",
      "post-entrypoint", "pre-if", "post-if", "args");
  static final List<String> USING = List.of("composite", "node24", "node20", "node16", "node12", "docker");

  private List<WorkflowError> errors;
  private String file;

  public ActionParseResult parse(String file, String text) {
    return parse(file, text.getBytes(StandardCharsets.UTF_8));
  }

  public synchronized ActionParseResult parse(String file, byte[] bytes) {
    this.errors = new ArrayList<>();
    this.file = file;
    YamlNode root;
    try {
      root = new YamlLoader(WorkflowParser.GITHUB_LIMITS).load(file, bytes);
    } catch (WorkflowSyntaxException e) {
      return new ActionParseResult(null, e.errors());
    }
    Action action = action(root);
    return new ActionParseResult(action, errors);
  }

  private Action action(YamlNode root) {
    if (root instanceof YamlScalar s && s.isNull()) {
      error(new Position(file, 1, 1), "the action file is empty; required key 'runs' is missing");
      return null;
    }
    if (!(root instanceof YamlMapping m)) {
      error(root.position(), "an action file must be a mapping with keys such as 'name' and 'runs', but this file holds "
          + describe(root));
      return null;
    }
    checkKeys(m, TOP_KEYS, "the action");
    Value name = m.get("name").map(v -> string(v, "name")).orElse(null);
    m.get("author").ifPresent(v -> string(v, "author"));
    Value description = m.get("description").map(v -> string(v, "description")).orElse(null);
    Map<String, ActionInput> inputs = m.get("inputs").map(this::inputs).orElse(Map.of());
    ActionRuns runs = m.get("runs").map(this::runs).orElse(null);
    if (m.get("runs").isEmpty()) error(m.position(), "required key 'runs' is missing from the action");
    boolean composite = runs instanceof ActionRuns.Composite;
    Map<String, ActionOutput> outputs = m.get("outputs").map(v -> outputs(v, composite)).orElse(Map.of());
    return runs == null ? null : new Action(file, name, description, inputs, outputs, runs, m.position());
  }

  private Map<String, ActionInput> inputs(YamlNode node) {
    Map<String, ActionInput> out = new LinkedHashMap<>();
    YamlMapping m = mapping(node, "inputs");
    if (m == null) return out;
    for (YamlMapping.Entry e : m.entries()) {
      String key = "inputs." + e.name();
      if (e.value() instanceof YamlScalar s && s.isNull()) {
        out.put(e.name(), new ActionInput(e.name(), null, false, null, null, e.key().position()));
        continue;
      }
      YamlMapping in = mapping(e.value(), key);
      if (in == null) continue;
      checkKeys(in, INPUT_KEYS, "input '" + e.name() + "'");
      Value description = in.get("description").map(v -> string(v, key + ".description")).orElse(null);
      boolean required = in.get("required").map(v -> bool(v, key + ".required")).orElse(false);
      Value def = in.get("default").map(v -> optionalString(v, key + ".default", ExpressionScope.STEP)).orElse(null);
      Value deprecation = in.get("deprecationMessage").map(v -> string(v, key + ".deprecationMessage")).orElse(null);
      out.put(e.name(), new ActionInput(e.name(), description, required, def, deprecation, e.key().position()));
    }
    return out;
  }

  private Map<String, ActionOutput> outputs(YamlNode node, boolean composite) {
    Map<String, ActionOutput> out = new LinkedHashMap<>();
    YamlMapping m = mapping(node, "outputs");
    if (m == null) return out;
    for (YamlMapping.Entry e : m.entries()) {
      String key = "outputs." + e.name();
      if (e.value() instanceof YamlScalar s && s.isNull() && !composite) {
        out.put(e.name(), new ActionOutput(e.name(), null, null));
        continue;
      }
      YamlMapping o = mapping(e.value(), key);
      if (o == null) continue;
      checkKeys(o, composite ? OUTPUT_KEYS : List.of("description"), "output '" + e.name() + "'");
      Value description = o.get("description").map(v -> string(v, key + ".description")).orElse(null);
      Value value = o.get("value").map(v -> optionalString(v, key + ".value", ExpressionScope.STEP)).orElse(null);
      if (composite && value == null) {
        error(o.position(), "required key 'value' is missing from output '" + e.name() + "' of a composite action");
      }
      out.put(e.name(), new ActionOutput(e.name(), description, value));
    }
    return out;
  }

  private ActionRuns runs(YamlNode node) {
    YamlMapping m = mapping(node, "runs");
    if (m == null) return null;
    Value using = m.get("using").map(v -> string(v, "runs.using")).orElse(null);
    if (using == null) {
      if (m.get("using").isEmpty()) error(m.position(), "required key 'using' is missing from 'runs'");
      return null;
    }
    String kind = using.text().strip();
    if (!USING.contains(kind)) {
      error(using.position(), "'runs.using' must be one of " + String.join(", ", USING) + ", but is '" + using.text()
          + "'" + DidYouMean.hint(kind, USING));
      return null;
    }
    return switch (kind) {
      case "composite" -> composite(m);
      case "docker" -> docker(m);
      default -> node(m, kind);
    };
  }

  private ActionRuns node(YamlMapping m, String using) {
    checkKeys(m, NODE_KEYS, "'runs' of a " + using + " action");
    Value main = m.get("main").map(v -> string(v, "runs.main")).orElse(null);
    if (m.get("main").isEmpty()) error(m.position(), "required key 'main' is missing from 'runs' of a " + using + " action");
    Value pre = m.get("pre").map(v -> string(v, "runs.pre")).orElse(null);
    Value post = m.get("post").map(v -> string(v, "runs.post")).orElse(null);
    Value preIf = m.get("pre-if").map(v -> string(v, "runs.pre-if")).orElse(null);
    Value postIf = m.get("post-if").map(v -> string(v, "runs.post-if")).orElse(null);
    if (preIf != null && pre == null) error(preIf.position(), "'pre-if' needs a 'pre' script in 'runs'");
    if (postIf != null && post == null) error(postIf.position(), "'post-if' needs a 'post' script in 'runs'");
    return main == null ? null : new ActionRuns.Node(using, main, pre, preIf, post, postIf);
  }

  private ActionRuns composite(YamlMapping m) {
    checkKeys(m, COMPOSITE_KEYS, "'runs' of a composite action");
    if (m.get("steps").isEmpty()) {
      error(m.position(), "required key 'steps' is missing from 'runs' of a composite action");
      return null;
    }
    YamlNode stepsNode = m.get("steps").get();
    if (stepsNode instanceof YamlSequence seq) {
      for (YamlNode item : seq.items()) {
        if (item instanceof YamlMapping step) {
          step.entry("timeout-minutes").ifPresent(e -> error(e.key().position(),
              "'timeout-minutes' is not supported on the steps of a composite action"));
        }
      }
    }
    List<Step> steps = StepsSection.parse(stepsNode, errors);
    for (Step s : steps) {
      if (s.isRun() && s.shell() == null) {
        error(s.position(), "required key 'shell' is missing from a run step of a composite action"
            + " (for example 'shell: bash')");
      }
    }
    return new ActionRuns.Composite(steps);
  }

  private ActionRuns docker(YamlMapping m) {
    checkKeys(m, DOCKER_KEYS, "'runs' of a docker action");
    Value image = m.get("image").map(v -> string(v, "runs.image")).orElse(null);
    if (m.get("image").isEmpty()) error(m.position(), "required key 'image' is missing from 'runs' of a docker action");
    return new ActionRuns.Docker(image);
  }

  // --- the reading vocabulary, in the workflow parser's words ---

  private void error(Position at, String message) {
    errors.add(new WorkflowError(at, message));
  }

  private static String describe(YamlNode node) {
    if (node instanceof YamlScalar s) return s.isNull() ? "empty" : s.describe() + " '" + s.text() + "'";
    return node.describe();
  }

  private void wrongType(YamlNode node, String key, String expected) {
    error(node.position(), "'" + key + "' must be " + expected + ", but is " + describe(node));
  }

  private YamlMapping mapping(YamlNode node, String key) {
    if (node instanceof YamlMapping m) return m;
    wrongType(node, key, "a mapping");
    return null;
  }

  private Value string(YamlNode node, String key) {
    if (!(node instanceof YamlScalar s) || s.isNull()) {
      wrongType(node, key, "a string");
      return null;
    }
    return new Value(s.text(), s.position());
  }

  private Value optionalString(YamlNode node, String key, ExpressionScope scope) {
    if (node instanceof YamlScalar s && s.isNull()) return new Value("", s.position());
    return string(node, key);
  }

  private boolean bool(YamlNode node, String key) {
    if (node instanceof YamlScalar s && s.kind() == YamlScalar.Kind.BOOLEAN) return s.booleanValue();
    // GitHub's runner reads the strings "true" and "false" too.
    if (node instanceof YamlScalar s && (s.text().equals("true") || s.text().equals("false"))) {
      return s.text().equals("true");
    }
    wrongType(node, key, "a boolean (true or false)");
    return false;
  }

  private void checkKeys(YamlMapping m, Collection<String> allowed, String where) {
    for (YamlMapping.Entry e : m.entries()) {
      String name = e.name();
      if (e.key().isNull()) {
        error(e.key().position(), "a mapping key must be a string, but this key is empty (null) in " + where);
      } else if (!allowed.contains(name)) {
        error(e.key().position(), "unknown key '" + name + "' in " + where + "; expected one of: "
            + String.join(", ", allowed) + DidYouMean.hint(name, allowed));
      }
    }
  }
}
