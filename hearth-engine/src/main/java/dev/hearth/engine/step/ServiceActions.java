package dev.hearth.engine.step;

import dev.hearth.engine.action.ActionReference;
import java.util.Locale;
import java.util.Set;

/**
 * The actions that talk to services of GitHub's that Hearth does not provide (artifacts, cache).
 * Their steps fail with a message saying so, whether or not the action is in the store: run as
 * fetched, they would fail later with a less helpful error about a missing runtime token.
 */
final class ServiceActions {
  private static final Set<String> ARTIFACTS = Set.of("upload-artifact", "download-artifact");
  private static final Set<String> CACHE = Set.of("cache");

  private ServiceActions() {}

  static boolean needsService(ActionReference.Remote ref) {
    if (!ref.owner().toLowerCase(Locale.ROOT).equals("actions")) return false;
    String repo = ref.repo().toLowerCase(Locale.ROOT);
    return ARTIFACTS.contains(repo) || CACHE.contains(repo);
  }

  static String message(ActionReference.Remote ref) {
    boolean cache = CACHE.contains(ref.repo().toLowerCase(Locale.ROOT));
    String service = cache ? "GitHub's cache service" : "GitHub's artifact service";
    String instead = cache
        ? " Every run starts from a fresh VM; install what the job needs in the VM image instead."
        : " In allocation scope 'workflow' (the default) every job of a run shares the run's one VM and its"
            + " $GITHUB_WORKSPACE, so later jobs find earlier jobs' files there.";
    return ref + " needs " + service + ", which Hearth does not provide, so this step fails." + instead
        + " (See docs/actions.md.)";
  }
}
