package dev.hearth.engine.step;

import dev.hearth.engine.action.ActionReference;
import java.util.Locale;
import java.util.Set;

/**
 * The actions that talk to a service of GitHub's that Hearth does not provide (the cache). Their
 * steps fail with a message saying so, whether or not the action is in the store: run as fetched,
 * they would fail later with a less helpful error about a missing runtime token. (Artifacts are
 * kept in the run's VM instead: see {@link ArtifactRun}.)
 */
final class ServiceActions {
  private static final Set<String> CACHE = Set.of("cache");

  private ServiceActions() {}

  static boolean needsService(ActionReference.Remote ref) {
    if (!ref.owner().toLowerCase(Locale.ROOT).equals("actions")) return false;
    String repo = ref.repo().toLowerCase(Locale.ROOT);
    return CACHE.contains(repo);
  }

  static String message(ActionReference.Remote ref) {
    return ref + " needs GitHub's cache service, which Hearth does not provide, so this step fails."
        + " Every run starts from a fresh VM; install what the job needs in the VM image instead."
        + " (See docs/actions.md.)";
  }
}
