package dev.hearth.vm.wrap;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@link Vm} that hands every call to another VM: the base of wrappers that change only what
 * they are about (what a release does, most often). Thread-safe as the VM it forwards to is.
 */
public abstract class ForwardingVm implements Vm {
  private final Vm vm;

  protected ForwardingVm(Vm vm) {
    this.vm = Objects.requireNonNull(vm, "vm");
  }

  /** The VM every call goes to. */
  protected final Vm delegate() {
    return vm;
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
    vm.close();
  }

  @Override
  public String toString() {
    return vm.toString();
  }
}
