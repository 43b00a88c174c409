package dev.hearth.workflow.event;

import java.util.List;
import java.util.Optional;

/**
 * Decides whether a workflow's {@code on:} selects an event, by GitHub's rules:
 *
 * <ul>
 *   <li>the event must be named under {@code on:};
 *   <li>its action must be among {@code types}, or among the event's default types when
 *       {@code types} is not given ({@code opened}, {@code synchronize}, {@code reopened} for pull
 *       requests; every type for the other events);
 *   <li>for {@code push}: a branch push is checked against {@code branches}/{@code branches-ignore}
 *       and a tag push against {@code tags}/{@code tags-ignore}; when only the filters of the other
 *       kind of ref are given, the push does not run the workflow; when neither is given, every
 *       push does. Path filters then apply to branch pushes only (GitHub does not evaluate them for
 *       tags);
 *   <li>for pull requests and merge groups, branch filters match the base (target) branch;
 *   <li>for {@code workflow_run}, the triggering workflow's name must be in {@code workflows} and
 *       its branch must pass the branch filters;
 *   <li>path filters pass when any changed file passes ({@code paths-ignore}: unless all are
 *       ignored), never when no file changed, and always when the changed files are unknown.
 * </ul>
 *
 * <p>Where the workflow file must live for an event to see it (the default branch for most events)
 * and which file a {@code workflow_dispatch} names are the caller's to check.
 */
public final class EventSelector {
  private EventSelector() {}

  public static boolean selects(Triggers triggers, Event event) {
    return select(triggers, event).selected();
  }

  /**
   * As {@link #select(Triggers, Event)}, and a {@code workflow_dispatch} selects only the workflow
   * file it names ({@code workflowFile} is the path from the repository root, e.g.
   * {@code .github/workflows/ci.yml}).
   */
  public static Selection select(Triggers triggers, Event event, String workflowFile) {
    Optional<String> dispatched = event.dispatchedWorkflow();
    if (dispatched.isPresent() && !dispatched.get().equals(workflowFile)) {
      return Selection.skipped("the dispatch is for '" + dispatched.get() + "'");
    }
    return select(triggers, event);
  }

  public static Selection select(Triggers triggers, Event event) {
    Optional<EventTrigger> found = triggers.event(event.name());
    if (found.isEmpty()) {
      return Selection.skipped("the workflow does not run on '" + event.name() + "'");
    }
    EventTrigger t = found.get();
    Selection types = types(t, event);
    if (!types.selected()) return types;
    return switch (event.name()) {
      case "push" -> push(t, event);
      case "pull_request", "pull_request_target" -> pullRequest(t, event);
      case "merge_group" -> branch(t, event.baseRef(), "base branch");
      case "workflow_run" -> workflowRun(t, event);
      default -> Selection.selected("the workflow runs on '" + event.name() + "'");
    };
  }

  private static Selection types(EventTrigger t, Event event) {
    List<String> types = t.types().isEmpty() ? EventCatalog.defaultTypes(event.name()) : t.types();
    if (types.isEmpty() || event.action().isEmpty()) return Selection.selected("any activity type");
    String action = event.action().get();
    if (types.contains(action)) return Selection.selected("activity type '" + action + "'");
    String which = t.types().isEmpty() ? "the default types " : "'types' ";
    return Selection.skipped("activity type '" + action + "' is not in " + which + types);
  }

  private static Selection push(EventTrigger t, Event event) {
    String ref = event.ref().orElse("");
    if (ref.startsWith("refs/tags/")) {
      String tag = ref.substring("refs/tags/".length());
      if (t.tags().isPresent()) return filter(t.tags().get(), tag, "tag");
      if (t.branches().isPresent()) {
        return Selection.skipped("tag '" + tag + "' is not a branch, and the workflow filters only "
            + "branches");
      }
      return Selection.selected("push of tag '" + tag + "' (path filters do not apply to tags)");
    }
    if (ref.startsWith("refs/heads/")) {
      String branch = ref.substring("refs/heads/".length());
      if (t.branches().isPresent()) {
        Selection s = filter(t.branches().get(), branch, "branch");
        if (!s.selected()) return s;
      } else if (t.tags().isPresent()) {
        return Selection.skipped("branch '" + branch + "' is not a tag, and the workflow filters only "
            + "tags");
      }
      return paths(t, event);
    }
    if (t.branches().isPresent() || t.tags().isPresent()) {
      return Selection.skipped("the push names no branch or tag ref ('" + ref + "')");
    }
    return paths(t, event);
  }

  private static Selection pullRequest(EventTrigger t, Event event) {
    Selection s = branch(t, event.baseRef(), "base branch");
    return s.selected() ? paths(t, event) : s;
  }

  private static Selection workflowRun(EventTrigger t, Event event) {
    String workflow = event.payload().path("workflow_run").path("name").asText("");
    if (!t.workflows().contains(workflow)) {
      return Selection.skipped("workflow '" + workflow + "' is not in 'workflows' " + t.workflows());
    }
    String branch = event.payload().path("workflow_run").path("head_branch").asText("");
    return branch(t, branch.isEmpty() ? Optional.empty() : Optional.of(branch), "branch");
  }

  private static Selection branch(EventTrigger t, Optional<String> branch, String what) {
    if (t.branches().isEmpty()) return Selection.selected("no branch filter");
    if (branch.isEmpty()) return Selection.skipped("the event names no " + what + " to filter");
    return filter(t.branches().get(), branch.get(), what);
  }

  private static Selection paths(EventTrigger t, Event event) {
    if (t.paths().isEmpty()) return Selection.selected("no path filter");
    if (event.changedFiles().isEmpty()) {
      return Selection.selected("the changed files are unknown, so path filters pass");
    }
    PatternFilter f = t.paths().get();
    List<String> files = event.changedFiles().get();
    if (f.allowsAny(files)) return Selection.selected("a changed file passes '" + f.key() + "'");
    return Selection.skipped(files.isEmpty() ? "no files changed"
        : "no changed file passes '" + f.key() + "'");
  }

  private static Selection filter(PatternFilter f, String name, String what) {
    if (f.allows(name)) return Selection.selected(what + " '" + name + "' passes '" + f.key() + "'");
    return Selection.skipped(what + " '" + name + "' "
        + (f.ignore() ? "is ignored by '" : "is not matched by '") + f.key() + "'");
  }
}
