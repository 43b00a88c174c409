package dev.hearth.testing.chaos;

/** What a {@link ChaosVmProvider} does to an operation instead of (or besides) forwarding it. */
public enum Fault {
  /** The operation throws {@code VmException} (a release throws an unchecked exception and leaves the VM to the provider's reaping). */
  FAIL,
  /**
   * The operation blocks until its thread is interrupted (then it throws {@code InterruptedException},
   * as the SPI requires) or until the chaos settings' hang limit passes (then it fails, and the hang
   * counts as not rescued: nothing in the caller bounded it). A release hangs for the limit and then
   * releases.
   */
  HANG,
  /**
   * The VM dies: what runs in it is killed (the real VM is released), this operation throws {@code
   * VmException} and so does every later exec or copy. Not for allocate and release.
   */
  LOSE
}
