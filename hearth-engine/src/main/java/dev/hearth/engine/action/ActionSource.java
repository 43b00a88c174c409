package dev.hearth.engine.action;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the engine finds the files of remote actions on the host, without touching the network.
 * Implementations are thread-safe.
 */
public interface ActionSource {
  /** Knows no remote action: every {@code owner/repo@ref} step fails with the fetch hint. */
  ActionSource NONE = ref -> Optional.empty();

  /** The host directory holding {@code ref}'s repository at its ref (the action is at {@code ref.path()} in it). */
  Optional<Path> repository(ActionReference.Remote ref);
}
