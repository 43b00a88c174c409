package dev.hearth.vm.sandbox;

import java.nio.file.Path;

/**
 * Where the sandbox provider keeps what it builds once per user and reuses across providers and
 * processes (the guest agent, the shared {@code /etc}): {@code $XDG_CACHE_HOME/hearth/<name>}, else
 * {@code ~/.cache/hearth/<name>}. Entries are named by a digest of what they were made from, so a
 * changed input makes a new entry and an entry is never rewritten.
 */
final class UserCache {
  private UserCache() {}

  static Path dir(String name) {
    String cache = System.getenv("XDG_CACHE_HOME");
    Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("hearth").resolve(name);
  }
}
