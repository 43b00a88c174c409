package dev.hearth.bench;

import dev.hearth.vm.Vm;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.VmSpec;
import dev.hearth.vm.wrap.ForwardingVm;

/**
 * Lends one live VM to every allocation, and keeps it on release, so that a benchmark of steps
 * measures the steps and not the VM's boot. Closing it releases the VM and closes the provider it
 * came from. For one run at a time.
 */
final class LentVmProvider implements VmProvider {
  private final VmProvider owner;
  private final Vm vm;

  /** Lends {@code vm}, allocated by {@code owner}. */
  LentVmProvider(VmProvider owner, Vm vm) {
    this.owner = owner;
    this.vm = vm;
  }

  @Override
  public String name() {
    return owner.name();
  }

  @Override
  public Vm allocate(VmSpec spec) {
    return new ForwardingVm(vm) {
      @Override
      public void close() {
        // kept for the next run
      }
    };
  }

  @Override
  public void close() {
    try {
      vm.close();
    } finally {
      owner.close();
    }
  }
}
