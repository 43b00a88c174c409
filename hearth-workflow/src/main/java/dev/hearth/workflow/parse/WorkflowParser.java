package dev.hearth.workflow.parse;

import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.event.Triggers;
import dev.hearth.workflow.event.TriggersParser;
import dev.hearth.workflow.model.Job;
import dev.hearth.workflow.model.RunDefaults;
import dev.hearth.workflow.model.Value;
import dev.hearth.workflow.model.Workflow;
import dev.hearth.workflow.source.Position;
import dev.hearth.workflow.source.WorkflowSyntaxException;
import dev.hearth.workflow.yaml.YamlLimits;
import dev.hearth.workflow.yaml.YamlLoader;
import dev.hearth.workflow.yaml.YamlMapping;
import dev.hearth.workflow.yaml.YamlNode;
import dev.hearth.workflow.yaml.YamlScalar;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@code .github/workflows/*.yml} file into a {@link Workflow}, or every error GitHub would
 * report for it, each with its line and column. Never throws for bad input; thread-safe.
 */
public final class WorkflowParser {
  static final List<String> TOP_KEYS = List.of("name", "run-name", "description", "on", "permissions", "env",
      "defaults", "concurrency", "jobs");
  /** GitHub's limits: 50 levels of nesting; the file size and node count of {@link YamlLimits#DEFAULT}. */
  public static final YamlLimits GITHUB_LIMITS =
      new YamlLimits(YamlLimits.DEFAULT.maxFileSize(), 50, YamlLimits.DEFAULT.maxNodes());

  private final YamlLimits limits;

  public WorkflowParser(YamlLimits limits) {
    this.limits = limits;
  }

  public WorkflowParser() {
    this(GITHUB_LIMITS);
  }

  public ParseResult parse(String file, String text) {
    return parse(file, text.getBytes(StandardCharsets.UTF_8));
  }

  public ParseResult parse(String file, byte[] bytes) {
    YamlNode root;
    try {
      root = new YamlLoader(limits).load(file, bytes);
    } catch (WorkflowSyntaxException e) {
      return new ParseResult(null, e.errors());
    }
    Reader r = new Reader();
    Workflow workflow = workflow(file, root, r);
    return new ParseResult(workflow, r.errors);
  }

  private Workflow workflow(String file, YamlNode root, Reader r) {
    if (root instanceof YamlScalar s && s.isNull()) {
      r.error(new Position(file, 1, 1), "the workflow file is empty; required keys 'on' and 'jobs' are missing");
      return null;
    }
    if (!(root instanceof YamlMapping m)) {
      r.error(root.position(), "a workflow must be a mapping with keys such as 'on' and 'jobs', but this file holds "
          + Reader.describe(root));
      return null;
    }
    KeyExpressions.check(m, r);
    r.checkKeys(m, TOP_KEYS, "the workflow");
    Sections sections = new Sections(r);
    Value name = m.get("name").map(v -> r.string(v, "name", null)).orElse(null);
    Value runName = m.get("run-name").map(v -> r.string(v, "run-name", ExpressionScope.RUN_NAME)).orElse(null);
    m.get("description").ifPresent(v -> r.string(v, "description", null));
    Triggers on = m.get("on").map(v -> TriggersParser.parse(v, r.errors)).orElse(null);
    if (m.get("on").isEmpty()) r.missing(m, "on", "the workflow");
    var permissions = m.get("permissions").map(sections::permissions).orElse(null);
    var env = m.get("env").map(v -> r.stringMap(v, "env", ExpressionScope.WORKFLOW_ENV)).orElse(Map.of());
    var defaults = m.get("defaults").map(v -> sections.defaults(v, null)).orElse(RunDefaults.NONE);
    var concurrency = m.get("concurrency").map(v -> sections.concurrency(v, ExpressionScope.WORKFLOW_CONCURRENCY)).orElse(null);
    if (m.get("jobs").isEmpty()) r.missing(m, "jobs", "the workflow");
    List<Job> jobs = m.get("jobs").map(v -> jobs(v, r)).orElse(List.of());
    return new Workflow(file, name, runName, on, permissions, env, defaults, concurrency, jobs, m.position());
  }

  private List<Job> jobs(YamlNode node, Reader r) {
    List<Job> jobs = new ArrayList<>();
    YamlMapping m = r.mapping(node, "jobs");
    if (m == null) return jobs;
    Map<String, YamlScalar> seen = new HashMap<>();
    JobParser parser = new JobParser(r);
    for (YamlMapping.Entry e : m.entries()) {
      if (e.name().contains("${{")) continue; // reported as an expression in a key
      checkJobId(e.key(), seen, r);
      Optional.ofNullable(parser.parse(e.key(), e.value())).ifPresent(jobs::add);
    }
    // A job skipped for an invalid key has been reported; judging the graph without it would mislead.
    if (jobs.size() == m.entries().size()) new NeedsValidator(r).validate(jobs, m.position());
    return jobs;
  }

  private static void checkJobId(YamlScalar key, Map<String, YamlScalar> seen, Reader r) {
    Optional<String> problem = IdRules.problem(key.text(), "job");
    if (problem.isPresent()) {
      r.error(key.position(), problem.get());
    } else if (seen.putIfAbsent(key.text().toLowerCase(Locale.ROOT), key) != null) {
      r.error(key.position(), "the job id '" + key.text() + "' is already defined (job ids ignore case)");
    }
  }
}
