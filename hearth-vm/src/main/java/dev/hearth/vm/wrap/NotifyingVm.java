package dev.hearth.vm.wrap;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A provider's VM whose first release also runs {@code released} (once, after the VM's own release,
 * even when that throws): how a warm pool and a placement member learn that a VM they handed out is
 * no longer in use. Everything else goes to the VM itself.
 */
public final class NotifyingVm implements Vm {
  private final Vm vm;
  private final Runnable released;
  private final AtomicBoolean closed = new AtomicBoolean();

  public NotifyingVm(Vm vm, Runnable released) {
    this.vm = vm;
    this.released = released;
  }

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
    if (!closed.compareAndSet(false, true)) return;
    try {
      vm.close();
    } finally {
      released.run();
    }
  }

  @Override
  public String toString() {
    return vm.toString();
  }
}
