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
}
