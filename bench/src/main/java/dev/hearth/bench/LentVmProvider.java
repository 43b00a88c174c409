package dev.hearth.bench;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.VmSpec;
import java.nio.file.Path;

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
    return new Vm() {
      @Override
      public String id() {
        return vm.id();
      }

      @Override
      public String workDir() {
        return vm.workDir();
      }

      @Override
      public ExecResult exec(ExecRequest request, OutputSink output) throws VmException, InterruptedException {
        return vm.exec(request, output);
      }

      @Override
      public void copyIn(Path hostSource, String guestPath) throws VmException, InterruptedException {
        vm.copyIn(hostSource, guestPath);
      }

      @Override
      public void copyOut(String guestPath, Path hostTarget) throws VmException, InterruptedException {
        vm.copyOut(guestPath, hostTarget);
      }

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
