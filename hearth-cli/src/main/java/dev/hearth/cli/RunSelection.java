package dev.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.event.EventSelector;
import dev.hearth.workflow.event.InputResolver;
import dev.hearth.workflow.event.Selection;
import dev.hearth.workflow.model.Job;
import dev.hearth.workflow.model.Need;
import dev.hearth.workflow.model.Workflow;
import dev.hearth.workflow.parse.ParseResult;
import dev.hearth.workflow.plan.Planner;
import dev.hearth.workflow.plan.RunPlan;
import dev.hearth.workflow.source.WorkflowSyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which workflows {@code hearth run} runs for an event: every file parsed, selected by its
 * {@code on:} (or skipped with the reason), narrowed to one job and what it needs with {@code -j},
 * its {@code workflow_dispatch} inputs resolved, and planned. Problems are collected as lines for a
 * person, never thrown.
 *
 * @param runs the plans to run, in file order
 * @param skipped one line per workflow the event does not select: {@code file: reason}
 * @param errors positioned errors of invalid files, input errors, an unknown {@code -j} job
 */
record RunSelection(List<Selected> runs, List<String> skipped, List<String> errors) {

  /** One workflow to run: its plan and the typed {@code inputs} context. */
  record Selected(Path file, RunPlan plan, Map<String, JsonNode> inputs) {}

  static RunSelection select(List<Path> files, Path root, Event event, String onlyJob, Map<String, String> inputs) {
    RunSelection selection = new RunSelection(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (Path file : files) selection.consider(file, root, event, onlyJob, inputs);
    boolean jobFound = selection.runs.stream().anyMatch(r -> r.plan().job(onlyJob == null ? "" : onlyJob).isPresent());
    if (onlyJob != null && !jobFound && selection.errors.isEmpty()) {
      selection.errors.add("hearth run: no workflow selected for " + event.name() + " has a job '" + onlyJob + "'");
    }
    return new RunSelection(List.copyOf(selection.runs), List.copyOf(selection.skipped), List.copyOf(selection.errors));
  }

  /** Adds {@code file} to the runs, the skipped or the errors. */
  private void consider(Path file, Path root, Event event, String onlyJob, Map<String, String> inputs) {
    ParseResult parsed = Workflows.parse(file);
    if (!parsed.isValid()) {
      parsed.errors().forEach(e -> errors.add(e.render()));
      return;
    }
    Workflow workflow = parsed.workflow();
    Selection selection = workflow.on() == null ? Selection.skipped("the workflow has no 'on:'")
        : EventSelector.select(workflow.on(), event, relative(root, file));
    if (!selection.selected()) {
      skipped.add(file + ": " + selection.reason());
      return;
    }
    if (onlyJob != null) {
      if (workflow.job(onlyJob).isEmpty()) {
        skipped.add(file + ": it has no job '" + onlyJob + "'");
        return;
      }
      workflow = withJobAndNeeds(workflow, onlyJob);
    }
    InputResolver.Resolved resolved = inputs(workflow, event, inputs);
    if (!resolved.ok()) {
      resolved.errors().forEach(e -> errors.add(file + ": " + e));
      return;
    }
    try {
      runs.add(new Selected(file, Planner.plan(workflow, event), resolved.values()));
    } catch (WorkflowSyntaxException e) {
      e.errors().forEach(x -> errors.add(x.render()));
    }
  }

  private static InputResolver.Resolved inputs(Workflow workflow, Event event, Map<String, String> given) {
    var dispatch = workflow.on().workflowDispatch();
    if (!event.name().equals("workflow_dispatch") || dispatch.isEmpty()) {
      return new InputResolver.Resolved(Map.of(), given.isEmpty() || !event.name().equals("workflow_dispatch")
          ? List.of() : List.of("--input is given but the workflow has no workflow_dispatch inputs"));
    }
    JsonNode payloadInputs = event.payload().path("inputs");
    return given.isEmpty() && payloadInputs.isObject()
        ? InputResolver.dispatch(dispatch.get(), payloadInputs)
        : InputResolver.dispatch(dispatch.get(), given);
  }

  /** The workflow with only {@code jobId} and the jobs it needs, directly or not. */
  static Workflow withJobAndNeeds(Workflow workflow, String jobId) {
    Set<String> keep = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(jobId));
    while (!todo.isEmpty()) {
      String id = todo.pop().toLowerCase(Locale.ROOT);
      if (!keep.add(id)) continue;
      workflow.job(id).ifPresent(j -> j.needs().stream().map(Need::jobId).forEach(todo::push));
    }
    List<Job> jobs = workflow.jobs().stream().filter(j -> keep.contains(j.id().toLowerCase(Locale.ROOT))).toList();
    return new Workflow(workflow.file(), workflow.name(), workflow.runName(), workflow.on(), workflow.permissions(),
        workflow.env(), workflow.defaults(), workflow.concurrency(), jobs, workflow.position());
  }

  /** The file's path from the checkout's root, as a dispatch names it ({@code .github/workflows/ci.yml}). */
  private static String relative(Path root, Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path base = root.toAbsolutePath().normalize();
    return (abs.startsWith(base) ? base.relativize(abs) : file).toString().replace('\\', '/');
  }
}
