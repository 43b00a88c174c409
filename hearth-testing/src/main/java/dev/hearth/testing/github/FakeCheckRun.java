package dev.hearth.testing.github;

import java.util.List;

/**
 * A check run on the fake: every state it went through (one per create or update call, in order)
 * and its annotations (appended by each call, as GitHub does).
 */
public record FakeCheckRun(long id, String owner, String repo, String headSha, String externalId, String detailsUrl,
    List<CheckRunState> history, List<FakeAnnotation> annotations) {
  public FakeCheckRun {
    history = List.copyOf(history);
    annotations = List.copyOf(annotations);
  }

  /** How it stands now. */
  public CheckRunState current() {
    return history.get(history.size() - 1);
  }

  public String name() {
    return current().name();
  }

  /** Its statuses in order, repeats removed: {@code [queued, in_progress, completed]}. */
  public List<String> statusChanges() {
    List<String> all = history.stream().map(CheckRunState::status).toList();
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    for (String s : all) if (out.isEmpty() || !out.get(out.size() - 1).equals(s)) out.add(s);
    return out;
  }
}
