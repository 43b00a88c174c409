package dev.hearth.testing.chaos;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A VM of a {@link ChaosVmProvider}: forwards to the real VM unless the provider's dice say otherwise.
 * Closing it interrupts the calls hanging in it (they then throw {@link VmException}, as a real VM's
 * calls do when it is released under them). Thread-safe.
 */
final class ChaosVm implements Vm {
  /** A lost VM dies within this long after the step started. */
  private static final Duration LOSS_WINDOW = Duration.ofMillis(20);

  private final ChaosVmProvider provider;
  private final Vm real;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean realReleased = new AtomicBoolean();
  private final AtomicBoolean lost = new AtomicBoolean();
  private final Set<Thread> hanging = ConcurrentHashMap.newKeySet();

  ChaosVm(ChaosVmProvider provider, Vm real) {
    this.provider = provider;
    this.real = real;
  }

  @Override
  public String id() {
    return real.id();
  }

  @Override
  public String workDir() {
    return real.workDir();
  }

  @Override
  public ExecResult exec(ExecRequest request, OutputSink output) throws VmException, InterruptedException {
    String what = "exec " + request.argv().get(0);
    usable(what);
    Fault fault = provider.roll(Operation.EXEC);
    if (fault == null) return real.exec(request, output);
    switch (fault) {
      case FAIL -> throw new VmException("injected: vm=" + id() + ": the agent could not start " + request.argv().get(0));
      case HANG -> {
        hang(what);
        throw new VmException("injected: vm=" + id() + ": no answer to " + what + " within " + provider.settings().hangLimit());
      }
      case LOSE -> {
        Thread killer = Thread.ofVirtual().start(this::dieSoon);
        try {
          real.exec(request, output);
        } catch (VmException e) {
          // the guest died under the command: expected
        } finally {
          killer.join();
        }
        throw new VmException("injected: vm=" + id() + ": the guest died while running " + request.argv().get(0));
      }
      default -> throw new AssertionError(fault);
    }
  }

  @Override
  public void copyIn(Path hostSource, String guestPath) throws VmException, InterruptedException {
    String what = "copy in " + hostSource + " -> " + guestPath;
    if (fault(Operation.COPY_IN, what)) real.copyIn(hostSource, guestPath);
  }

  @Override
  public void copyOut(String guestPath, Path hostTarget) throws VmException, InterruptedException {
    String what = "copy out " + guestPath + " -> " + hostTarget;
    if (fault(Operation.COPY_OUT, what)) real.copyOut(guestPath, hostTarget);
  }

  /** Injects a copy's fault, if any; true when the copy should go ahead. */
  private boolean fault(Operation op, String what) throws VmException, InterruptedException {
    usable(what);
    Fault fault = provider.roll(op);
    if (fault == null) return true;
    switch (fault) {
      case FAIL -> throw new VmException("injected: vm=" + id() + ": " + what + " failed");
      case HANG -> {
        hang(what);
        throw new VmException("injected: vm=" + id() + ": " + what + " did not finish within " + provider.settings().hangLimit());
      }
      case LOSE -> {
        die();
        throw new VmException("injected: vm=" + id() + ": the guest died during " + what);
      }
      default -> throw new AssertionError(fault);
    }
  }

  private void usable(String what) throws VmException {
    if (closed.get()) throw new VmException("vm=" + id() + ": released; cannot " + what);
    if (lost.get()) throw new VmException("vm=" + id() + ": the VM was lost earlier; cannot " + what);
  }

  /** Hangs until interrupted (by the caller or by this VM's release) or the limit. */
  private void hang(String what) throws VmException, InterruptedException {
    Thread self = Thread.currentThread();
    hanging.add(self);
    try {
      if (closed.get()) throw new InterruptedException("released"); // closed before we registered
      provider.hang(self, what, this);
    } catch (InterruptedException e) {
      if (closed.get()) throw new VmException("vm=" + id() + ": released while " + what + " hung", e);
      throw e;
    } finally {
      hanging.remove(self);
    }
  }

  private void dieSoon() {
    try {
      Thread.sleep(Duration.ofNanos(provider.randomNanos(LOSS_WINDOW.toNanos())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    die();
  }

  /** The guest dies: everything in it is killed and the real VM is gone. */
  private void die() {
    lost.set(true);
    releaseReal();
  }

  void releaseReal() {
    if (realReleased.compareAndSet(false, true)) {
      real.close();
      provider.realReleased();
    }
  }

  @Override
  public void close() {
    boolean first = closed.compareAndSet(false, true);
    if (!provider.closed(this, first)) return;
    hanging.forEach(Thread::interrupt);
    Fault fault = provider.roll(Operation.RELEASE);
    if (fault == Fault.FAIL) {
      provider.reapLater(this);
      throw new IllegalStateException("injected: vm=" + id() + ": release failed; the provider reaps it when it closes");
    }
    if (fault == Fault.HANG) slowRelease();
    releaseReal();
  }

  /** A release that takes the hang limit (or until interrupted) before it frees the VM. */
  private void slowRelease() {
    try {
      provider.hang(Thread.currentThread(), null, this);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "chaos vm " + id();
  }
}
