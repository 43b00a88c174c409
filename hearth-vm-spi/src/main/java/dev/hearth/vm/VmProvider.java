package dev.hearth.vm;

/**
 * Makes VMs. A provider is shared by every session of a Hearth process and must be thread-safe:
 * {@link #allocate} may be called from many threads at once.
 *
 * <p>Ownership: a VM returned by {@link #allocate} belongs to the caller, who must {@link Vm#close()
 * close} it exactly once it is done (closing again is harmless). {@link #close()} shuts the provider
 * down and releases every VM it still holds, so nothing outlives the provider.
 */
public interface VmProvider extends AutoCloseable {

  /** The name users select the provider by ({@code host}, {@code sandbox}, {@code microvm}, …). */
  String name();

  /**
   * Allocates one VM for {@code spec}. Returns only when the VM can run a command: the next {@link
   * Vm#exec} does not wait for a boot. Interruptible: an interrupt during allocation releases what was
   * made so far and throws {@link InterruptedException}.
   *
   * @throws VmException when no VM can be made (the message says why: the labels no provider serves,
   *     a missing binary, a boot that timed out); nothing is left behind
   */
  Vm allocate(VmSpec spec) throws VmException, InterruptedException;

  /** Releases every VM this provider still holds and frees its own resources; idempotent, never throws. */
  @Override
  void close();
}
