package dev.hearth.server.source;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A commit's files on this host, with {@code .git}: what the run's VM gets.
 *
 * @param dir the working tree, at exactly {@code sha} (HEAD on the run's branch, or detached)
 * @param sha the commit
 * @param changedFiles the paths changed since the push's {@code before}, when it could be computed
 */
public record Checkout(Path dir, String sha, Optional<List<String>> changedFiles) {}
