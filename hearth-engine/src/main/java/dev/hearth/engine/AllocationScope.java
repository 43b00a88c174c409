package dev.hearth.engine;

import java.util.Locale;

/**
 * How many VMs a run gets.
 *
 * <ul>
 *   <li>{@link #WORKFLOW} (the default, Hearth's promise): one VM for the whole run, allocated once
 *       before setup and released once after cleanup; jobs and matrix legs run one after another in
 *       it, in plan order.
 *   <li>{@link #JOB}: as GitHub does it, every job leg gets its own {@link Session} (its own admission
 *       slot and its own VM, with its own setup and cleanup), so independent jobs run in parallel.
 *       {@code max-sessions} therefore bounds the VMs alive in both scopes.
 * </ul>
 */
public enum AllocationScope {
  WORKFLOW, JOB;

  /** The name in configuration and events: {@code workflow} or {@code job}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The scope named {@code workflow} or {@code job} (any case). */
  public static AllocationScope parse(String name) {
    for (AllocationScope s : values()) {
      if (s.configName().equalsIgnoreCase(name.strip())) return s;
    }
    throw new IllegalArgumentException("allocation scope must be 'workflow' or 'job', not '" + name + "'");
  }
}
