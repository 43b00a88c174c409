package dev.hearth.testing;

/** A test provider that counts the VMs it hands out ({@link VmCounts}); the counts read as its own. */
public interface CountsVms {
  /** The counts behind the methods below. */
  VmCounts counts();

  /** Calls to allocate, including those that failed, hung or were interrupted. */
  default int allocateCalls() {
    return counts().allocateCalls();
  }

  /** VMs handed out. */
  default int allocations() {
    return counts().allocations();
  }

  /** VMs handed out whose owner has not closed them yet. */
  default int liveVms() {
    return counts().liveVms();
  }

  /** The most VMs handed out and not yet closed at one time. */
  default int maxLiveVms() {
    return counts().maxLiveVms();
  }

  /** VMs closed at least once. */
  default int releases() {
    return counts().releases();
  }

  /** Closes of a VM beyond its first. */
  default int extraCloses() {
    return counts().extraCloses();
  }
}
