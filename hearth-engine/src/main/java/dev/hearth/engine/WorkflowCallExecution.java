package dev.hearth.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hearth.engine.action.ActionReference;
import dev.hearth.engine.action.ActionSource;
import dev.hearth.workflow.event.InputResolver;
import dev.hearth.workflow.expr.EvaluationContext;
import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.expr.RunStatus;
import dev.hearth.workflow.expr.Template;
import dev.hearth.workflow.expr.Value;
import dev.hearth.workflow.expr.Value.ObjectValue;
import dev.hearth.workflow.expr.Value.StringValue;
import dev.hearth.workflow.expr.Values;
import dev.hearth.workflow.model.Workflow;
import dev.hearth.workflow.model.WorkflowCall;
import dev.hearth.workflow.parse.ParseResult;
import dev.hearth.workflow.parse.WorkflowParser;
import dev.hearth.workflow.plan.Planner;
import dev.hearth.workflow.plan.RunPlan;
import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.source.WorkflowSyntaxException;
import dev.hearth.workflow.yaml.YamlNode;
import dev.hearth.workflow.yaml.YamlScalar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs a job that calls a reusable workflow ({@code jobs.<id>.uses}): finds the callee (a file of
 * the run's repository, or {@code owner/repo/path@ref} from the action store, never the network),
 * checks and resolves its {@code with} inputs against {@code on.workflow_call.inputs}, passes the
 * named {@code secrets} (or all of them with {@code inherit}), runs the callee's jobs as jobs of this
 * run named {@code caller / callee} (in workflow scope in the run's VM, since the legs share the
 * caller's {@link LegExecution}), and evaluates {@code on.workflow_call.outputs} into the calling
 * job's outputs. Reports the calling job's {@code JobStarted}/{@code JobFinished} around its callee's
 * jobs. A calling job's matrix gives one call per leg, each with its {@code matrix} in {@code with}.
 * Nesting stops at GitHub's documented limit (the top-level workflow and nine levels of reusable
 * workflows); a loop in the chain of calls fails the calling job.
 */
final class WorkflowCallExecution {
  private final RunContext run;
  private final LegExecution legs;
  private final ActionSource actions;
  private final boolean oneAtATime;
  /**
   * GitHub's documented limit: "a maximum of ten levels of workflows - that is, the top-level caller
   * workflow and up to nine levels of reusable workflows".
   */
  static final int MAX_REUSABLE_LEVELS = 9;

  private final List<String> chain;

  /** @param chain the workflows from the top-level one to the one whose jobs call (see {@link #topLevel}) */
  WorkflowCallExecution(RunContext run, LegExecution legs, boolean oneAtATime, List<String> chain) {
    this.run = run;
    this.legs = legs;
    this.actions = run.actions();
    this.oneAtATime = oneAtATime;
    this.chain = List.copyOf(chain);
  }

  /** How the run's own workflow is named in a chain of calls: its path in the repository when it has one. */
  static String topLevel(RunContext run) {
    String file = run.request().plan().workflow().file();
    Path repo = run.request().repository();
    Path path = Path.of(file);
    if (repo != null && path.isAbsolute() && path.normalize().startsWith(repo.toAbsolutePath().normalize())) {
      return repo.toAbsolutePath().normalize().relativize(path.normalize()).toString();
    }
    return file;
  }

  /** A failure of the call itself (not of the callee's jobs), with the message for the job's log. */
  private static final class CallException extends Exception {
    private static final long serialVersionUID = 1L;

    CallException(String message) {
      super(message);
    }
  }

  JobResult run(Leg leg, Cancellation cancellation) {
    Instant start = run.now();
    run.ledger().on(new RunEvent.JobStarted(run.runId(), leg.id(), leg.settings().name(), legs.sharedVmId(), start));
    Conclusion result = Conclusion.FAILURE;
    Map<String, String> outputs = Map.of();
    try {
      WorkflowCall call = leg.job().job().call();
      String id = identity(call.uses().text());
      if (chain.contains(id)) {
        throw new CallException("calling '" + call.uses().text() + "' makes a loop (" + String.join(" → ", chain) + " → "
            + id + "); loops in the workflow tree are not permitted");
      }
      if (chain.size() > MAX_REUSABLE_LEVELS) {
        throw new CallException("calling '" + call.uses().text() + "' would nest reusable workflows " + chain.size() + " levels deep"
            + "; GitHub allows the top-level caller workflow and up to " + MAX_REUSABLE_LEVELS + " levels of reusable"
            + " workflows");
      }
      Workflow callee = callee(call.uses().text());
      var declared = callee.on() == null ? null : callee.on().workflowCall().orElse(null);
      if (declared == null) {
        throw new CallException("'" + call.uses().text() + "' is not a reusable workflow: it has no 'on.workflow_call'");
      }
      EvaluationContext context = callerContext(leg);
      Map<String, JsonNode> with = with(call, context);
      InputResolver.Resolved inputs = InputResolver.call(declared, with, text -> evaluateDefault(text, context));
      if (!inputs.ok()) {
        throw new CallException("the inputs of '" + call.uses().text() + "' do not fit its on.workflow_call.inputs: "
            + String.join("; ", inputs.errors()));
      }
      Map<String, String> secrets = secrets(call, context);
      RunPlan plan = Planner.plan(callee, run.request().plan().event());
      RunRequest request = RunRequest.builder(run.runId(), plan).repository(run.request().repository())
          .metadata(run.request().metadata()).secrets(secrets).vars(run.request().vars()).inputs(inputs.values())
          .scope(run.request().scope()).listener(run.request().listener()).cancellation(cancellation).build();
      RunContext child = run.forCall(request);
      List<String> deeper = new java.util.ArrayList<>(chain);
      deeper.add(id);
      List<JobResult> jobs = new JobScheduler(child, legs.forRun(child), oneAtATime, leg.id() + " / ", deeper).run();
      result = conclusion(jobs, cancellation);
      outputs = outputs(declared, jobs, context, leg);
    } catch (CallException | ExpressionException e) {
      run.say(leg.id(), e.getMessage());
    } catch (WorkflowSyntaxException e) {
      run.say(leg.id(), "the called workflow cannot run:\n" + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = Conclusion.CANCELLED;
    }
    Instant end = run.now();
    run.ledger().on(new RunEvent.JobFinished(run.runId(), leg.id(), result, outputs, Duration.between(start, end), end));
    boolean continued = result == Conclusion.FAILURE && leg.settings().continueOnError();
    return new JobResult(leg.id(), leg.job().id(), result, continued, outputs, legs.sharedVmId());
  }

  /** The callee's name in a chain: its path in the repository, or {@code owner/repo/path@ref}. */
  private static String identity(String uses) {
    if (uses.startsWith("./")) return Path.of(uses.substring(2)).normalize().toString();
    return uses;
  }

  private Workflow callee(String uses) throws CallException {
    Path file;
    String name;
    if (uses.startsWith("./")) {
      Path repo = run.request().repository();
      if (repo == null) throw new CallException("'" + uses + "' names a file of the repository, but this run has none");
      file = repo.resolve(uses.substring(2)).normalize();
      name = uses.substring(2);
      if (!file.startsWith(repo.normalize())) throw new CallException("'" + uses + "' points outside the repository");
    } else {
      ActionReference ref;
      try {
        ref = ActionReference.parse(uses);
      } catch (IllegalArgumentException e) {
        throw new CallException(e.getMessage());
      }
      if (!(ref instanceof ActionReference.Remote r) || r.path().isEmpty()) {
        throw new CallException("a reusable workflow 'uses' must be ./path or owner/repo/path@ref, but is '" + uses + "'");
      }
      Path repo = actions.repository(r).orElseThrow(() -> new CallException("The workflow " + r + " is not in Hearth's"
          + " action store, and Hearth does not download while a run runs. Fetch it once with: " + r.fetchCommand()
          + " (or map a directory with --action-dir " + r.repositoryRef() + "=PATH)"));
      file = repo.resolve(r.path());
      name = r.owner() + "/" + r.repo() + "/" + r.path();
    }
    if (!Files.isRegularFile(file)) throw new CallException("the called workflow '" + uses + "' does not exist (" + file + ")");
    try {
      ParseResult parsed = new WorkflowParser().parse(name, Files.readAllBytes(file));
      if (!parsed.isValid()) {
        throw new CallException("the called workflow '" + uses + "' is invalid:\n"
            + parsed.errors().stream().map(WorkflowError::render).collect(Collectors.joining("\n")));
      }
      return parsed.workflow();
    } catch (IOException e) {
      throw new CallException("could not read the called workflow " + file + ": " + e.getMessage());
    }
  }

  private EvaluationContext callerContext(Leg leg) {
    EvaluationContext base = JobContexts.forLeg(run.request(), leg.job().id(), leg.needs(), leg.leg());
    ObjectValue.Builder b = ObjectValue.builder();
    base.namedValues().entries().forEach(e -> b.put(e.getKey(), e.getValue()));
    b.put("secrets", JobContexts.strings(run.request().secrets()));
    return new EvaluationContext(b.build(), RunStatus.SUCCESS, java.util.Optional.empty());
  }

  /** The {@code with} values, typed: a boolean or number as written, an expression as it evaluates. */
  private static Map<String, JsonNode> with(WorkflowCall call, EvaluationContext context) throws ExpressionException {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> e : call.with().entrySet()) {
      if (!(e.getValue() instanceof YamlScalar s)) continue; // the parser reported it
      JsonNodeFactory json = JsonNodeFactory.instance;
      JsonNode v = switch (s.kind()) {
        case BOOLEAN -> json.booleanNode(s.booleanValue());
        case INTEGER, FLOAT -> json.numberNode(s.numberValue());
        case NULL -> json.nullNode();
        case STRING -> s.text().contains("${{") ? Values.toJson(evaluate(s.text(), ExpressionScope.JOB_WITH, context))
            : json.textNode(s.text());
      };
      out.put(e.getKey(), v);
    }
    return out;
  }

  private static JsonNode evaluateDefault(String text, EvaluationContext context) {
    try {
      return Values.toJson(evaluate(text, ExpressionScope.WORKFLOW_CALL_INPUT_DEFAULT, context));
    } catch (ExpressionException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private Map<String, String> secrets(WorkflowCall call, EvaluationContext context) throws ExpressionException {
    if (call.inheritSecrets()) return run.request().secrets();
    Map<String, String> out = new LinkedHashMap<>();
    for (var e : call.secrets().entrySet()) {
      out.put(e.getKey(), Template.parse(e.getValue().text()).compile(ExpressionScope.JOB_SECRETS).evaluateToString(context));
    }
    String token = run.request().secrets().get("GITHUB_TOKEN");
    if (token != null) out.putIfAbsent("GITHUB_TOKEN", token);
    return out;
  }

  private static Value evaluate(String text, ExpressionScope scope, EvaluationContext context) throws ExpressionException {
    return Template.parse(text).compile(scope).evaluate(context);
  }

  private Conclusion conclusion(List<JobResult> jobs, Cancellation cancellation) {
    if (cancellation.isCancelled()) return Conclusion.CANCELLED;
    for (JobResult j : jobs) {
      if (j.effective() == Conclusion.FAILURE || j.effective() == Conclusion.CANCELLED) return Conclusion.FAILURE;
    }
    return Conclusion.SUCCESS;
  }

  /** {@code on.workflow_call.outputs}, evaluated against the {@code jobs} context of the callee's jobs. */
  private Map<String, String> outputs(dev.hearth.workflow.event.WorkflowCall declared, List<JobResult> jobs,
      EvaluationContext caller, Leg leg) {
    Map<String, ObjectValue.Builder> outs = new LinkedHashMap<>();
    Map<String, String> results = new LinkedHashMap<>();
    for (JobResult j : jobs) {
      ObjectValue.Builder o = outs.computeIfAbsent(j.job(), k -> ObjectValue.builder());
      j.outputs().forEach((k, v) -> o.put(k, new StringValue(v)));
      String before = results.get(j.job());
      if (before == null || !before.equals("failure")) results.put(j.job(), j.effective().githubName());
    }
    ObjectValue.Builder jobsValue = ObjectValue.builder();
    outs.forEach((id, o) -> jobsValue.put(id, ObjectValue.builder().put("result", new StringValue(results.get(id)))
        .put("outputs", o.build()).build()));
    ObjectValue.Builder b = ObjectValue.builder();
    caller.namedValues().entries().forEach(e -> b.put(e.getKey(), e.getValue()));
    b.put("jobs", jobsValue.build());
    EvaluationContext context = new EvaluationContext(b.build(), RunStatus.SUCCESS, java.util.Optional.empty());
    Map<String, String> out = new LinkedHashMap<>();
    for (var o : declared.outputs()) {
      try {
        out.put(o.name(), Template.parse(o.value()).compile(ExpressionScope.WORKFLOW_CALL_OUTPUT_VALUE)
            .evaluateToString(context));
      } catch (ExpressionException e) {
        run.say(leg.id(), "the output '" + o.name() + "' of the called workflow could not be evaluated: " + e.getMessage());
      }
    }
    return out;
  }
}
