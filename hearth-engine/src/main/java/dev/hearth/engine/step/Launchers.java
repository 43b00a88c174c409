package dev.hearth.engine.step;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The launcher scripts of the job legs running now, so that a leg's steps reuse the one its first
 * step built: a launcher depends only on the shell, the leg's step files and where the script comes
 * from, and building one cost about a tenth of a step's engine time. Keeps the {@value #KEPT} most
 * recently used. Thread-safe.
 */
final class Launchers {
  static final int KEPT = 64;

  private record Key(ShellCommand shell, StepFiles files, boolean argument) {}

  private static final Map<Key, String> RECENT = new LinkedHashMap<>(KEPT * 2, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, String> eldest) {
      return size() > KEPT;
    }
  };

  private Launchers() {}

  /** {@link ScriptStep#launcher}'s script for these, built once while it is in use. */
  static String of(ShellCommand shell, StepFiles files, boolean argument) {
    Key key = new Key(shell, files, argument);
    synchronized (RECENT) {
      String known = RECENT.get(key);
      if (known != null) return known;
    }
    String built = ScriptStep.launcher(shell, files, argument);
    synchronized (RECENT) {
      RECENT.put(key, built);
    }
    return built;
  }
}
