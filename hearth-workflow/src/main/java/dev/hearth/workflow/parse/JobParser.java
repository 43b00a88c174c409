package dev.hearth.workflow.parse;

import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.model.BoolValue;
import dev.hearth.workflow.model.Concurrency;
import dev.hearth.workflow.model.Job;
import dev.hearth.workflow.model.Need;
import dev.hearth.workflow.model.Permissions;
import dev.hearth.workflow.model.RunDefaults;
import dev.hearth.workflow.model.Strategy;
import dev.hearth.workflow.model.Value;
import dev.hearth.workflow.model.WorkflowCall;
import dev.hearth.workflow.yaml.YamlMapping;
import dev.hearth.workflow.yaml.YamlNode;
import dev.hearth.workflow.yaml.YamlScalar;
import dev.hearth.workflow.yaml.YamlSequence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One job. A job with {@code runs-on} (or without {@code uses}) runs steps on a runner; a job with
 * {@code uses} and no {@code runs-on} calls a reusable workflow and takes only the keys GitHub
 * allows there.
 */
final class JobParser {
  static final List<String> RUNNER_KEYS = List.of("name", "needs", "if", "runs-on", "permissions",
      "environment", "concurrency", "outputs", "env", "defaults", "timeout-minutes", "cancel-timeout-minutes",
      "strategy", "continue-on-error", "container", "services", "steps", "snapshot");
  static final List<String> CALL_KEYS = List.of("name", "needs", "if", "uses", "with", "secrets",
      "permissions", "strategy", "concurrency");

  private final Reader r;
  private final Sections sections;

  JobParser(Reader r) {
    this.r = r;
    this.sections = new Sections(r);
  }

  /** The keys both kinds of job share. */
  private record Common(YamlScalar idKey, Value name, List<Need> needs, Value condition, Permissions permissions,
      Concurrency concurrency, Strategy strategy) {}

  Job parse(YamlScalar idKey, YamlNode node) {
    YamlMapping m = r.mapping(node, "job '" + idKey.text() + "'");
    if (m == null) return null;
    boolean call = m.get("uses").isPresent() && m.get("runs-on").isEmpty();
    r.checkKeys(m, call ? CALL_KEYS : RUNNER_KEYS, call ? "a job that calls a reusable workflow" : "a job");
    Common c = new Common(idKey,
        m.get("name").map(v -> r.string(v, "name", ExpressionScope.JOB_NAME)).orElse(null),
        m.get("needs").map(this::needs).orElse(List.of()),
        m.get("if").map(v -> r.condition(v, ExpressionScope.JOB_IF, "if"))
            .orElse(new Value(Conditions.DEFAULT, m.position())),
        m.get("permissions").map(sections::permissions).orElse(null),
        m.get("concurrency").map(v -> sections.concurrency(v, ExpressionScope.JOB_CONCURRENCY)).orElse(null),
        m.get("strategy").map(v -> new StrategyParser(r).parse(v)).orElse(null));
    return call ? callJob(c, m) : runnerJob(c, m);
  }

  private Job callJob(Common c, YamlMapping m) {
    return new Job(c.idKey().text(), c.idKey().position(), c.name(), c.needs(), c.condition(), null,
        c.permissions(), null, c.concurrency(), Map.of(), Map.of(), RunDefaults.NONE, null, null, c.strategy(),
        BoolValue.of(false, m.position()), null, Map.of(), call(m), List.of(), m.position());
  }

  private Job runnerJob(Common c, YamlMapping m) {
    if (m.get("runs-on").isEmpty()) r.missing(m, "runs-on", "job '" + c.idKey().text() + "'");
    var runsOn = m.get("runs-on").map(v -> new RunsOnParser(r).parse(v)).orElse(null);
    var environment = m.get("environment").map(sections::environment).orElse(null);
    var outputs = m.get("outputs").map(v -> r.stringMap(v, "outputs", ExpressionScope.JOB_OUTPUTS)).orElse(Map.of());
    var env = m.get("env").map(v -> r.stringMap(v, "env", ExpressionScope.JOB_ENV)).orElse(Map.of());
    var defaults = m.get("defaults").map(v -> sections.defaults(v, ExpressionScope.JOB_DEFAULTS_RUN))
        .orElse(RunDefaults.NONE);
    var timeout = m.get("timeout-minutes")
        .map(v -> r.positiveNumber(v, "timeout-minutes", ExpressionScope.JOB_TIMEOUT_MINUTES)).orElse(null);
    var cancelTimeout = m.get("cancel-timeout-minutes")
        .map(v -> r.positiveNumber(v, "cancel-timeout-minutes", ExpressionScope.JOB_TIMEOUT_MINUTES)).orElse(null);
    BoolValue coe = m.get("continue-on-error")
        .map(v -> r.bool(v, "continue-on-error", ExpressionScope.JOB_CONTINUE_ON_ERROR))
        .orElse(BoolValue.of(false, m.position()));
    ContainerParser containers = new ContainerParser(r);
    var container = m.get("container").map(v -> containers.container(v, "container")).orElse(null);
    var services = m.get("services").map(containers::services).orElse(Map.of());
    var steps = m.get("steps").map(v -> new StepParser(r).parse(v)).orElse(List.of());
    m.get("snapshot").ifPresent(this::snapshot);
    return new Job(c.idKey().text(), c.idKey().position(), c.name(), c.needs(), c.condition(), runsOn,
        c.permissions(), environment, c.concurrency(), outputs, env, defaults, timeout, cancelTimeout, c.strategy(),
        coe, container, services, null, steps, m.position());
  }

  private WorkflowCall call(YamlMapping m) {
    Value uses = r.string(m.get("uses").orElseThrow(), "uses", null);
    if (uses != null && !uses.hasExpressions()) {
      UsesRules.workflowProblem(uses.text()).ifPresent(p -> r.error(uses.position(), p));
    }
    Map<String, YamlNode> with = new LinkedHashMap<>();
    m.get("with").map(v -> r.mapping(v, "with")).ifPresent(w -> {
      for (YamlMapping.Entry e : w.entries()) {
        if (e.value() instanceof YamlScalar s) r.expressions.checkTemplate(s, ExpressionScope.JOB_WITH, "'with." + e.name() + "'");
        else r.wrongType(e.value(), "with." + e.name(), "a string, number or boolean");
        with.put(e.name(), e.value());
      }
    });
    YamlNode secretsNode = m.get("secrets").orElse(null);
    boolean inherit = secretsNode instanceof YamlScalar s && s.isString() && s.text().equals("inherit");
    Map<String, Value> secrets = secretsNode == null || inherit ? Map.of() : secrets(secretsNode);
    return new WorkflowCall(uses, with, secrets, inherit, m.position());
  }

  private Map<String, Value> secrets(YamlNode node) {
    if (node instanceof YamlScalar s && !s.isNull()) {
      r.error(s.position(), "'secrets' must be 'inherit' or a mapping of secret names to values, but is '"
          + s.text() + "'");
      return Map.of();
    }
    if (node instanceof YamlScalar) return Map.of();
    return r.stringMap(node, "secrets", ExpressionScope.JOB_SECRETS);
  }

  /**
   * {@code snapshot}: an image name, or {@code image-name}, {@code version} and {@code if}. Checked
   * but not modelled: saving a runner image from a job is a GitHub-hosted feature Hearth lacks.
   */
  private void snapshot(YamlNode node) {
    if (node instanceof YamlScalar) {
      r.string(node, "snapshot", null);
      return;
    }
    YamlMapping m = r.mapping(node, "snapshot");
    if (m == null) return;
    r.checkKeys(m, List.of("image-name", "version", "if"), "'snapshot'");
    if (m.get("image-name").isEmpty()) r.missing(m, "image-name", "'snapshot'");
    m.get("image-name").ifPresent(v -> r.string(v, "snapshot.image-name", null));
    m.get("version").ifPresent(v -> r.string(v, "snapshot.version", null));
    m.get("if").ifPresent(v -> r.condition(v, ExpressionScope.JOB_IF, "snapshot.if"));
  }

  private List<Need> needs(YamlNode node) {
    List<Need> out = new ArrayList<>();
    List<YamlNode> items = node instanceof YamlSequence seq ? seq.items() : List.of(node);
    for (YamlNode item : items) {
      Value v = r.string(item, "needs", null);
      if (v != null) out.add(new Need(v.text(), v.position()));
    }
    return out;
  }
}
