package dev.hearth.workflow.parse;

import dev.hearth.workflow.event.WorkflowCall.Input;
import dev.hearth.workflow.event.WorkflowCall.Secret;
import dev.hearth.workflow.model.Job;
import dev.hearth.workflow.model.Value;
import dev.hearth.workflow.model.Workflow;
import dev.hearth.workflow.model.WorkflowCall;
import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.yaml.YamlNode;
import dev.hearth.workflow.yaml.YamlScalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks the jobs of a workflow that call reusable workflows against what each callee declares
 * under {@code on.workflow_call}: every required input and secret is passed, nothing undeclared is
 * passed, and each input has its declared type (boolean, number; anything is coerced to a string).
 * The callees are found by the caller (they live in other files or repositories), so this runs
 * after {@link WorkflowParser}, once they are at hand. The permissions a callee requests must fit
 * what the calling job is allowed (see {@code CallPermissions}). Callees of callees are not
 * followed here.
 */
public final class ReusableCallChecker {
  private ReusableCallChecker() {}

  /** GitHub's limit on nesting: a workflow may call workflows that call workflows, ten levels deep. */
  public static final int MAX_NESTING_DEPTH = 10;

  /**
   * Errors for each call job of {@code caller} whose callee {@code callees} finds (by the job's
   * {@code uses} text), following callees of callees; calls whose callee is not found are skipped.
   * {@code policy} is the repository's default for workflows that set no permissions. Errors inside
   * a callee carry the callee's file name (the {@code uses} text it was parsed under). Sorted.
   */
  public static List<WorkflowError> check(
      Workflow caller, Function<String, Optional<Workflow>> callees, PermissionsPolicy policy) {
    return check(caller, callees, policy, MAX_NESTING_DEPTH);
  }

  /** As {@link #check(Workflow, Function, PermissionsPolicy)}, with at most {@code maxDepth} nested levels. */
  public static List<WorkflowError> check(Workflow caller, Function<String, Optional<Workflow>> callees,
      PermissionsPolicy policy, int maxDepth) {
    List<WorkflowError> errors = new ArrayList<>();
    checkCalls(caller, CallPermissions.defaults(policy), 1, new Walk(callees, maxDepth, errors));
    return errors.stream().distinct().sorted().toList();
  }

  private record Walk(Function<String, Optional<Workflow>> callees, int maxDepth, List<WorkflowError> errors) {}

  private static void checkCalls(Workflow caller, Map<String, String> inherited, int depth, Walk walk) {
    for (Job job : caller.jobs()) {
      if (!job.isWorkflowCall() || job.call().uses() == null) continue;
      Optional<Workflow> callee = walk.callees().apply(job.call().uses().text());
      if (callee.isEmpty()) continue;
      if (depth > walk.maxDepth()) {
        walk.errors().add(new WorkflowError(job.call().uses().position(), "calling '" + job.call().uses().text()
            + "' exceeds the nested reusable workflow depth of " + walk.maxDepth()));
        continue;
      }
      Map<String, String> allowed = CallPermissions.allowed(caller, job, inherited);
      CallPermissions.check(job, callee.get(), allowed, walk.errors());
      Optional.ofNullable(callee.get().on()).flatMap(on -> on.workflowCall())
          .ifPresent(declared -> check(job.call(), declared, walk.errors()));
      checkCalls(callee.get(), allowed, depth + 1, walk);
    }
  }

  private static void check(WorkflowCall call, dev.hearth.workflow.event.WorkflowCall declared,
      List<WorkflowError> errors) {
    for (Map.Entry<String, YamlNode> e : call.with().entrySet()) {
      Optional<Input> input = declared.input(e.getKey());
      if (input.isEmpty()) {
        errors.add(new WorkflowError(e.getValue().position(), "invalid input '" + e.getKey()
            + "': it is not defined in the called workflow's on.workflow_call.inputs"));
      } else if (!fits(e.getValue(), input.get().type())) {
        errors.add(new WorkflowError(e.getValue().position(), "input '" + e.getKey() + "' must be a "
            + input.get().type().yamlName() + ", but is " + Reader.describe(e.getValue())));
      }
    }
    for (Input input : declared.inputs()) {
      if (input.required() && !call.with().containsKey(input.name())) {
        errors.add(new WorkflowError(call.uses().position(), "input '" + input.name()
            + "' is required by the called workflow, but not provided in 'with'"));
      }
    }
    if (!call.inheritSecrets()) checkSecrets(call, declared.secrets(), errors);
  }

  private static void checkSecrets(WorkflowCall call, List<Secret> declared, List<WorkflowError> errors) {
    for (Map.Entry<String, Value> e : call.secrets().entrySet()) {
      if (declared.stream().noneMatch(s -> s.name().equals(e.getKey()))) {
        errors.add(new WorkflowError(e.getValue().position(), "invalid secret '" + e.getKey()
            + "': it is not defined in the called workflow's on.workflow_call.secrets"));
      }
    }
    for (Secret secret : declared) {
      if (secret.required() && !call.secrets().containsKey(secret.name())) {
        errors.add(new WorkflowError(call.uses().position(), "secret '" + secret.name()
            + "' is required by the called workflow, but not provided in 'secrets'"));
      }
    }
  }

  private static boolean fits(YamlNode value, dev.hearth.workflow.event.WorkflowCall.Type type) {
    if (!(value instanceof YamlScalar s)) return false;
    if (s.isString() && s.text().contains("${{")) return true;
    return switch (type) {
      case STRING -> true;
      case BOOLEAN -> s.kind() == YamlScalar.Kind.BOOLEAN;
      case NUMBER -> s.kind() == YamlScalar.Kind.INTEGER || s.kind() == YamlScalar.Kind.FLOAT;
    };
  }
}
