package dev.hearth.workflow.event;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The events a workflow can name under {@code on:}, what each accepts beneath it and its activity
 * types, from GitHub's "Events that trigger workflows" and its workflow schema (where the two list
 * different activity types, both are accepted).
 */
final class EventCatalog {

  /**
   * What one event accepts.
   *
   * @param keys the keys allowed beneath the event
   * @param activityTypes the documented activity types; empty when any value goes (only
   *     {@code repository_dispatch}, whose types are the caller's {@code event_type}s)
   * @param defaultTypes the types that run the workflow when {@code types} is not given; empty means
   *     every type
   */
  record Spec(Set<String> keys, List<String> activityTypes, List<String> defaultTypes) {}

  static final Set<String> PUSH_KEYS =
      Set.of("branches", "branches-ignore", "tags", "tags-ignore", "paths", "paths-ignore");

  private static final List<String> PULL_REQUEST_TYPES = List.of("assigned", "unassigned", "labeled",
      "unlabeled", "opened", "edited", "closed", "reopened", "synchronize", "converted_to_draft",
      "ready_for_review", "locked", "unlocked", "enqueued", "dequeued", "milestoned", "demilestoned",
      "review_requested", "review_request_removed", "auto_merge_enabled", "auto_merge_disabled",
      "stacked");
  private static final List<String> PULL_REQUEST_DEFAULT = List.of("opened", "synchronize", "reopened");
  private static final List<String> CREATED_EDITED_DELETED = List.of("created", "edited", "deleted");

  private static final Map<String, Spec> EVENTS = build();

  private EventCatalog() {}

  static Optional<Spec> spec(String event) {
    return Optional.ofNullable(EVENTS.get(event));
  }

  static Set<String> names() {
    return EVENTS.keySet();
  }

  /** The types that select a workflow for {@code event} when it gives no {@code types}; empty = all. */
  static List<String> defaultTypes(String event) {
    Spec s = EVENTS.get(event);
    return s == null ? List.of() : s.defaultTypes();
  }

  private static Map<String, Spec> build() {
    Map<String, Spec> m = new LinkedHashMap<>();
    typed(m, "branch_protection_rule", CREATED_EDITED_DELETED);
    typed(m, "check_run", List.of("created", "rerequested", "completed", "requested_action"));
    typed(m, "check_suite", List.of("completed"));
    for (String e : List.of("create", "delete", "deployment", "deployment_status", "fork", "gollum",
        "page_build", "public", "status")) {
      m.put(e, new Spec(Set.of(), List.of(), List.of()));
    }
    typed(m, "discussion", List.of("created", "edited", "deleted", "transferred", "pinned", "unpinned",
        "labeled", "unlabeled", "locked", "unlocked", "category_changed", "answered", "unanswered"));
    typed(m, "discussion_comment", CREATED_EDITED_DELETED);
    m.put("image_version", new Spec(Set.of("types", "names", "versions"),
        List.of("created", "ready", "deleted"), List.of()));
    typed(m, "issue_comment", CREATED_EDITED_DELETED);
    typed(m, "issues", List.of("opened", "edited", "deleted", "transferred", "pinned", "unpinned",
        "closed", "reopened", "assigned", "unassigned", "labeled", "unlabeled", "locked", "unlocked",
        "milestoned", "demilestoned", "field_added", "field_removed", "typed", "untyped"));
    typed(m, "label", CREATED_EDITED_DELETED);
    m.put("merge_group", new Spec(Set.of("types", "branches", "branches-ignore"),
        List.of("checks_requested"), List.of()));
    typed(m, "milestone", List.of("created", "closed", "opened", "edited", "deleted"));
    typed(m, "project", List.of("created", "closed", "reopened", "edited", "deleted"));
    typed(m, "project_card", List.of("created", "moved", "converted", "edited", "deleted"));
    typed(m, "project_column", List.of("created", "updated", "moved", "deleted"));
    Set<String> prKeys = Set.of("types", "branches", "branches-ignore", "paths", "paths-ignore");
    m.put("pull_request", new Spec(prKeys, PULL_REQUEST_TYPES, PULL_REQUEST_DEFAULT));
    typed(m, "pull_request_comment", CREATED_EDITED_DELETED);
    typed(m, "pull_request_review", List.of("submitted", "edited", "dismissed"));
    typed(m, "pull_request_review_comment", CREATED_EDITED_DELETED);
    m.put("pull_request_target", new Spec(prKeys, PULL_REQUEST_TYPES, PULL_REQUEST_DEFAULT));
    m.put("push", new Spec(PUSH_KEYS, List.of(), List.of()));
    typed(m, "registry_package", List.of("published", "updated"));
    typed(m, "release", List.of("published", "unpublished", "created", "edited", "deleted",
        "prereleased", "released"));
    m.put("repository_dispatch", new Spec(Set.of("types"), List.of(), List.of()));
    m.put("schedule", new Spec(Set.of(), List.of(), List.of()));
    typed(m, "watch", List.of("started"));
    m.put("workflow_call", new Spec(Set.of("inputs", "outputs", "secrets"), List.of(), List.of()));
    m.put("workflow_dispatch", new Spec(Set.of("inputs"), List.of(), List.of()));
    m.put("workflow_run", new Spec(Set.of("types", "workflows", "branches", "branches-ignore"),
        List.of("completed", "requested", "in_progress"), List.of()));
    return Map.copyOf(m);
  }

  private static void typed(Map<String, Spec> m, String event, List<String> types) {
    m.put(event, new Spec(Set.of("types"), types, List.of()));
  }
}
