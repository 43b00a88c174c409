package dev.hearth.engine.action;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Remote actions from directories named on the command line ({@code --action-dir owner/repo@ref=PATH}),
 * then from a fallback (the store). Immutable.
 */
public final class MappedActions implements ActionSource {
  private final Map<String, Path> directories;
  private final ActionSource fallback;

  /** @param directories host directories by {@code owner/repo@ref} (as {@link ActionReference.Remote#repositoryRef()}) */
  public MappedActions(Map<String, Path> directories, ActionSource fallback) {
    this.directories = Map.copyOf(directories);
    this.fallback = fallback;
  }

  @Override
  public Optional<Path> repository(ActionReference.Remote ref) {
    Path dir = directories.get(ref.repositoryRef());
    if (dir != null && Files.isDirectory(dir)) return Optional.of(dir);
    return fallback.repository(ref);
  }
}
