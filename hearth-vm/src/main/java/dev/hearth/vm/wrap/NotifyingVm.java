package dev.hearth.vm.wrap;

import dev.hearth.vm.Vm;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A provider's VM whose first release also runs {@code released} (once, after the VM's own release,
 * even when that throws): how a warm pool and a placement member learn that a VM they handed out is
 * no longer in use. Everything else goes to the VM itself.
 */
public final class NotifyingVm extends ForwardingVm {
  private final Runnable released;
  private final AtomicBoolean closed = new AtomicBoolean();

  public NotifyingVm(Vm vm, Runnable released) {
    super(vm);
    this.released = released;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    try {
      delegate().close();
    } finally {
      released.run();
    }
  }
}
