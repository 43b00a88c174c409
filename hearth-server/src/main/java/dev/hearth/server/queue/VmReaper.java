package dev.hearth.server.queue;

import dev.hearth.server.store.VmRecord;

/**
 * Frees what a VM left behind when the process that held it died (SIGKILL, power loss): its
 * processes, its disk. One per provider, chosen where providers are wired.
 */
@FunctionalInterface
public interface VmReaper {
  /** A reaper that frees nothing; for providers whose VMs die with the process. */
  VmReaper NONE = vm -> "nothing to reap for provider " + vm.provider();

  /** Frees {@code vm}'s leftovers and says what was done (for its record and the log); never throws. */
  String reap(VmRecord vm);

  /**
   * Frees what this host's previous process left of VMs it never recorded (it was killed while
   * allocating one, between making it and recording it), and says what was freed, one line per VM.
   * Only what provably is such a leftover: see the implementations. Never throws.
   *
   * @param recorded whether the store has a record of a VM id (any host's)
   * @param previousStart when this host's previous process started (null when unknown: nothing is freed)
   * @param thisStart when this process started
   */
  default java.util.List<String> reapUnrecorded(java.util.function.Predicate<String> recorded,
      java.time.Instant previousStart, java.time.Instant thisStart) {
    return java.util.List.of();
  }
}
