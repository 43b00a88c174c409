package dev.hearth.testing.chaos;

import dev.hearth.testing.CountsVms;
import dev.hearth.testing.VmCounts;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.VmSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A {@link VmProvider} wrapper that makes the VMs of any provider misbehave on purpose, seeded: allocate,
 * exec, copy in/out and release fail, hang, or lose the VM, each with the {@link Odds} its {@link
 * ChaosSettings} give. It counts what a soak test must check: VMs handed out and not yet closed by their
 * owner ({@link #liveVms()}), the most alive at once, closes beyond the first, real VMs still held
 * (released late because a release "failed"), and hangs nothing rescued.
 *
 * <pre>{@code
 * ChaosSettings chaos = ChaosSettings.none(seed).with(Operation.EXEC, new Odds(0.02, 0.01, 0.01));
 * try (ChaosVmProvider provider = new ChaosVmProvider(HostVmProvider.create(root), chaos)) { … }
 * }</pre>
 *
 * <p>Random choices come from one generator seeded with {@link ChaosSettings#seed()}: a single-threaded
 * caller sees the same faults for the same seed; concurrent callers draw in the order they arrive.
 *
 * <p>Thread-safe. Ownership: closing this provider releases the real VMs still held (those whose
 * release failed) and closes the delegate.
 */
public final class ChaosVmProvider implements VmProvider, CountsVms {
  private final VmProvider delegate;
  private final ChaosSettings settings;
  private final Object lock = new Object();
  private final VmCounts counts = new VmCounts(lock);
  private final SplittableRandom random;
  private final Map<Operation, Map<Fault, Integer>> injected = new EnumMap<>(Operation.class);
  private final List<ChaosVm> unreaped = new ArrayList<>();
  private final List<String> unrescuedHangs = new ArrayList<>();
  private int realHeld;
  private boolean closed;

  public ChaosVmProvider(VmProvider delegate, ChaosSettings settings) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.random = new SplittableRandom(settings.seed());
  }

  @Override
  public String name() {
    return delegate.name();
  }

  public ChaosSettings settings() {
    return settings;
  }

  @Override
  public Vm allocate(VmSpec spec) throws VmException, InterruptedException {
    synchronized (lock) {
      counts.allocateCalled();
      if (closed) throw new VmException("provider " + name() + " (chaos) is closed");
    }
    Fault fault = roll(Operation.ALLOCATE);
    if (fault == Fault.FAIL) throw new VmException("injected: provider " + name() + " could not allocate a VM for " + spec.labels());
    if (fault == Fault.HANG) {
      hang(Thread.currentThread(), "allocate " + spec.logLabels(), null);
      throw new VmException("injected: provider " + name() + " did not finish a boot within " + settings.hangLimit());
    }
    Vm real = delegate.allocate(spec);
    synchronized (lock) {
      counts.allocated();
      realHeld++;
      return new ChaosVm(this, real);
    }
  }

  /** VMs handed out, live, closed more than once: {@link #liveVms()}, {@link #extraCloses()}, …. */
  @Override
  public VmCounts counts() {
    return counts;
  }

  /** Real VMs of the delegate not yet released: those lost or released are not counted. */
  public int realVmsHeld() {
    synchronized (lock) {
      return realHeld;
    }
  }

  /** How often each fault was injected into each operation. */
  public Map<Operation, Map<Fault, Integer>> injected() {
    synchronized (lock) {
      Map<Operation, Map<Fault, Integer>> copy = new EnumMap<>(Operation.class);
      injected.forEach((op, faults) -> copy.put(op, Map.copyOf(faults)));
      return copy;
    }
  }

  /** Total faults injected. */
  public int injectedCount() {
    synchronized (lock) {
      return injected.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
    }
  }

  /** The hangs that ran to the hang limit because nothing interrupted them, described. */
  public List<String> unrescuedHangs() {
    synchronized (lock) {
      return List.copyOf(unrescuedHangs);
    }
  }

  /** A one-line account of what happened, for a failing soak's message. */
  public String report() {
    synchronized (lock) {
      return "seed=" + settings.seed() + " " + counts + " realHeld=" + realHeld + " injected=" + injected
          + " unrescuedHangs=" + unrescuedHangs.size();
    }
  }

  // --- used by ChaosVm ---

  /** The fault to inject into one call of {@code operation}, or null; counts it. */
  Fault roll(Operation operation) {
    synchronized (lock) {
      Fault fault = settings.of(operation).pick(random.nextDouble());
      if (fault != null) injected.computeIfAbsent(operation, op -> new EnumMap<>(Fault.class)).merge(fault, 1, Integer::sum);
      return fault;
    }
  }

  /** A random delay in [0, bound) nanoseconds, for losing a VM at some moment during a step. */
  long randomNanos(long bound) {
    synchronized (lock) {
      return random.nextLong(bound);
    }
  }

  /**
   * Blocks for the hang limit. Returns normally when the limit passed (the hang is recorded as not
   * rescued when {@code what} is not null); throws InterruptedException when interrupted first.
   */
  void hang(Thread self, String what, ChaosVm vm) throws InterruptedException {
    Thread.sleep(settings.hangLimit());
    if (what != null) {
      synchronized (lock) {
        unrescuedHangs.add((vm == null ? "" : "vm=" + vm.id() + " ") + what + " hung for " + settings.hangLimit()
            + " and nothing interrupted it");
      }
    }
  }

  /** The owner closed {@code vm}; returns true for the first close. */
  boolean closed(ChaosVm vm, boolean first) {
    return counts.closed(first);
  }

  /** The real VM behind {@code vm} was released. */
  void realReleased() {
    synchronized (lock) {
      realHeld--;
    }
  }

  /** {@code vm}'s release failed: its real VM is released when this provider closes. */
  void reapLater(ChaosVm vm) {
    synchronized (lock) {
      unreaped.add(vm);
    }
  }

  @Override
  public void close() {
    List<ChaosVm> reap;
    synchronized (lock) {
      closed = true;
      reap = List.copyOf(unreaped);
      unreaped.clear();
    }
    reap.forEach(ChaosVm::releaseReal);
    delegate.close();
  }
}
