package dev.hearth.workflow.parse;

import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.model.BoolValue;
import dev.hearth.workflow.model.NumberValue;
import dev.hearth.workflow.model.Step;
import dev.hearth.workflow.model.Value;
import dev.hearth.workflow.yaml.YamlMapping;
import dev.hearth.workflow.yaml.YamlNode;
import dev.hearth.workflow.yaml.YamlScalar;
import dev.hearth.workflow.yaml.YamlSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A job's {@code steps}: each a {@code run} step or a {@code uses} step, with ids assigned. */
final class StepParser {
  private static final List<String> COMMON =
      List.of("id", "if", "name", "env", "continue-on-error", "timeout-minutes");
  static final List<String> RUN_KEYS = concat(COMMON, List.of("run", "shell", "working-directory"));
  static final List<String> USES_KEYS = concat(COMMON, List.of("uses", "with"));
  private static final List<String> ALL_KEYS = concat(RUN_KEYS, List.of("uses", "with"));

  private final Reader r;

  StepParser(Reader r) {
    this.r = r;
  }

  List<Step> parse(YamlNode node) {
    List<Step> steps = new ArrayList<>();
    YamlSequence seq = r.sequence(node, "steps");
    if (seq == null) return steps;
    StepIds ids = new StepIds();
    List<YamlMapping> mappings = new ArrayList<>();
    for (YamlNode item : seq.items()) {
      YamlMapping m = r.mapping(item, "a step");
      if (m != null) mappings.add(m);
    }
    List<String> explicit = new ArrayList<>();
    for (YamlMapping m : mappings) explicit.add(explicitId(m, ids));
    for (int i = 0; i < mappings.size(); i++) {
      Step s = step(mappings.get(i), explicit.get(i), ids);
      if (s != null) steps.add(s);
    }
    return steps;
  }

  /** The step's own id, checked and claimed; null when it has none (or an empty one). */
  private String explicitId(YamlMapping m, StepIds ids) {
    Optional<YamlNode> node = m.get("id");
    if (node.isEmpty() || (node.get() instanceof YamlScalar s && (s.isNull() || s.text().isEmpty()))) return null;
    Value v = r.string(node.get(), "id", null);
    if (v == null) return null;
    Optional<String> problem = IdRules.problem(v.text(), "step");
    if (problem.isPresent()) {
      r.error(v.position(), problem.get());
    } else if (!ids.claim(v.text())) {
      r.error(v.position(), "the step id '" + v.text() + "' is used more than once in this job");
    }
    return v.text();
  }

  private Step step(YamlMapping m, String id, StepIds ids) {
    boolean isRun = m.get("run").isPresent();
    boolean isUses = m.get("uses").isPresent();
    r.checkKeys(m, isRun ? RUN_KEYS : isUses ? USES_KEYS : ALL_KEYS, isRun ? "a run step" : isUses ? "a uses step" : "a step");
    if (!isRun && !isUses) {
      missingRunOrUses(m);
      return null;
    }
    Value run = m.get("run").map(v -> r.string(v, "run", ExpressionScope.STEP)).orElse(null);
    Value uses = isRun ? null : m.get("uses").map(this::uses).orElse(null);
    Value name = m.get("name").map(v -> r.string(v, "name", ExpressionScope.STEP)).orElse(null);
    Value condition = m.get("if").map(v -> r.condition(v, ExpressionScope.STEP_IF, "if"))
        .orElse(new Value(Conditions.DEFAULT, m.position()));
    Value shell = m.get("shell").map(v -> r.string(v, "shell", null)).orElse(null);
    Value dir = m.get("working-directory").map(v -> r.string(v, "working-directory", ExpressionScope.STEP)).orElse(null);
    Map<String, Value> with = m.get("with").map(v -> r.stringMap(v, "with", ExpressionScope.STEP)).orElse(Map.of());
    Map<String, Value> env = m.get("env").map(v -> r.stringMap(v, "env", ExpressionScope.STEP)).orElse(Map.of());
    BoolValue coe = m.get("continue-on-error").map(v -> r.bool(v, "continue-on-error", ExpressionScope.STEP))
        .orElse(BoolValue.of(false, m.position()));
    NumberValue timeout = m.get("timeout-minutes").map(v -> r.positiveNumber(v, "timeout-minutes", ExpressionScope.STEP))
        .orElse(null);
    boolean generated = id == null;
    String stepId = generated ? ids.generate(uses == null ? null : uses.text()) : id;
    return new Step(stepId, generated, name, condition, uses, run, shell, dir, with, env, coe, timeout, m.position());
  }

  private void missingRunOrUses(YamlMapping m) {
    boolean looksLikeRun = m.entries().stream().anyMatch(e -> e.name().equals("shell") || e.name().equals("working-directory"));
    boolean looksLikeUses = m.get("with").isPresent();
    if (looksLikeRun) r.missing(m, "run", "this step (it has 'shell' or 'working-directory', which belong to a run step)");
    else if (looksLikeUses) r.missing(m, "uses", "this step (it has 'with', which belongs to a uses step)");
    else r.error(m.position(), "a step needs either 'run' or 'uses'");
  }

  private Value uses(YamlNode node) {
    Value v = r.string(node, "uses", null);
    if (v == null || v.hasExpressions()) return v;
    UsesRules.stepProblem(v.text()).ifPresent(p -> r.error(v.position(), p));
    return v;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return List.copyOf(out);
  }
}
