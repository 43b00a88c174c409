package dev.hearth.testing;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.VmSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;

/**
 * A counting {@link VmProvider} for tests of code that uses VMs (the engine, the CLI).
 *
 * <p>Two flavours: {@link #delegatingTo(VmProvider)} wraps a real provider (usually the host
 * provider) and runs commands for real; {@link #scripted(Behaviour)} makes in-memory VMs whose execs
 * run a {@link Behaviour} and whose copies do nothing (they are only recorded). Either way it
 * records allocations, releases, execs per VM (requests in order), live VMs and the most ever live at
 * once, and can be told to fail or hang on purpose ({@link #failNextAllocate}, {@link #hangNextAllocate},
 * {@link #failNextExec}, {@link #failNextRelease}). A behaviour set with {@link #onExec} overrides the
 * delegate too.
 *
 * <p>Thread-safe: all counters are read and written under one lock, never held while a command runs.
 * Wait for something with the {@code await…} methods rather than sleeping.
 *
 * <p>Ownership: closing this provider releases its live VMs and closes the delegate.
 */
public final class TestVmProvider implements VmProvider, CountsVms {
  private final VmProvider delegate; // null when scripted
  private final Object lock = new Object();
  private final VmCounts counts = new VmCounts(lock);
  private final Map<String, TestVm> vms = new LinkedHashMap<>();
  private final List<VmSpec> specs = new ArrayList<>();
  private Behaviour behaviour;
  private int execCount;
  private VmException nextAllocateFailure;
  private CountDownLatch nextAllocateHang;
  private VmException nextExecFailure;
  private RuntimeException nextReleaseFailure;
  private boolean closed;

  private TestVmProvider(VmProvider delegate, Behaviour behaviour) {
    this.delegate = delegate;
    this.behaviour = behaviour;
  }

  /** VMs from {@code real}, counted; commands run in them for real unless {@link #onExec} says otherwise. */
  public static TestVmProvider delegatingTo(VmProvider real) {
    return new TestVmProvider(Objects.requireNonNull(real, "real"), null);
  }

  /** In-memory VMs ({@code test-<n>}, work dir {@code /hearth-test/test-<n>}) whose execs run {@code behaviour}. */
  public static TestVmProvider scripted(Behaviour behaviour) {
    return new TestVmProvider(null, Objects.requireNonNull(behaviour, "behaviour"));
  }

  @Override
  public String name() {
    return delegate == null ? "test" : delegate.name();
  }

  /** From now on execs run {@code next}; {@code null} goes back to the delegate (delegating flavour only). */
  public void onExec(Behaviour next) {
    if (next == null && delegate == null) throw new IllegalArgumentException("a scripted provider needs a behaviour");
    synchronized (lock) {
      behaviour = next;
    }
  }

  @Override
  public Vm allocate(VmSpec spec) throws VmException, InterruptedException {
    VmException failure;
    CountDownLatch hang;
    int n;
    synchronized (lock) {
      n = counts.allocateCalled();
      failure = nextAllocateFailure;
      hang = nextAllocateHang;
      nextAllocateFailure = null;
      nextAllocateHang = null;
      if (closed) throw new VmException("provider " + name() + " is closed");
    }
    if (Thread.interrupted()) throw new InterruptedException("interrupted before allocation");
    if (failure != null) throw failure;
    if (hang != null) {
      hang.countDown();
      new CountDownLatch(1).await();
    }
    Vm inner = delegate == null ? null : delegate.allocate(spec);
    TestVm vm = new TestVm(this, inner == null ? "test-" + n : inner.id(), inner);
    synchronized (lock) {
      vms.put(vm.id(), vm);
      specs.add(spec);
      counts.allocated();
    }
    return vm;
  }

  /** The next {@link #allocate} throws {@code failure} (and allocates nothing). */
  public void failNextAllocate(VmException failure) {
    synchronized (lock) {
      nextAllocateFailure = Objects.requireNonNull(failure);
    }
  }

  /**
   * The next {@link #allocate} blocks until its thread is interrupted, then throws
   * InterruptedException. The returned latch opens when that allocate has started to hang.
   */
  public CountDownLatch hangNextAllocate() {
    synchronized (lock) {
      nextAllocateHang = new CountDownLatch(1);
      return nextAllocateHang;
    }
  }

  /** The next exec on any VM of this provider throws {@code failure} without running anything. */
  public void failNextExec(VmException failure) {
    synchronized (lock) {
      nextExecFailure = Objects.requireNonNull(failure);
    }
  }

  /** The next first close of a VM releases it (it counts as released) and then throws {@code failure}. */
  public void failNextRelease(RuntimeException failure) {
    synchronized (lock) {
      nextReleaseFailure = Objects.requireNonNull(failure);
    }
  }

  /** Allocate calls, VMs allocated, live and released: {@link #allocateCalls()}, {@link #liveVms()}, …. */
  @Override
  public VmCounts counts() {
    return counts;
  }

  /** Ids of every VM allocated, in allocation order. */
  public List<String> vmIds() {
    synchronized (lock) {
      return List.copyOf(vms.keySet());
    }
  }

  /** The specs of successful allocations, in order. */
  public List<VmSpec> specs() {
    synchronized (lock) {
      return List.copyOf(specs);
    }
  }

  /** The exec requests VM {@code vmId} received, in order (including failed ones). */
  public List<ExecRequest> execs(String vmId) {
    synchronized (lock) {
      return vm(vmId).execs();
    }
  }

  /** Execs on all VMs so far. */
  public int execCount() {
    synchronized (lock) {
      return execCount;
    }
  }

  /** How often {@code close()} was called on VM {@code vmId} (a caller should make it exactly 1). */
  public int closeCalls(String vmId) {
    synchronized (lock) {
      return vm(vmId).closeCalls();
    }
  }

  /** The copies into and out of VM {@code vmId}, in order, as {@code "in HOST -> GUEST"} / {@code "out GUEST -> HOST"}. */
  public List<String> copies(String vmId) {
    synchronized (lock) {
      return vm(vmId).copies();
    }
  }

  /** True when VM {@code vmId} was released. */
  public boolean isReleased(String vmId) {
    synchronized (lock) {
      return vm(vmId).closeCalls() > 0;
    }
  }

  private TestVm vm(String vmId) {
    TestVm vm = vms.get(vmId);
    if (vm == null) throw new IllegalArgumentException("no VM " + vmId + " was allocated; known: " + vms.keySet());
    return vm;
  }

  /** Waits until {@code condition} holds for this provider; false when {@code timeout} passes first. */
  public boolean await(Predicate<TestVmProvider> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!condition.test(this)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /** Waits until {@code count} VMs are live at once. */
  public boolean awaitLiveVms(int count, Duration timeout) throws InterruptedException {
    return await(p -> p.liveVms() == count, timeout);
  }

  /** Waits until at least {@code count} execs were made in all. */
  public boolean awaitExecCount(int count, Duration timeout) throws InterruptedException {
    return await(p -> p.execCount >= count, timeout);
  }

  // --- called by TestVm ---

  /** What an exec must do: throw {@code failure} if set, else run {@code behaviour} (null: the delegate VM). */
  record ExecPlan(VmException failure, Behaviour behaviour) {}

  ExecPlan recordExec(TestVm vm, ExecRequest request) {
    synchronized (lock) {
      vm.addExec(request);
      execCount++;
      lock.notifyAll();
      VmException failure = nextExecFailure;
      nextExecFailure = null;
      return new ExecPlan(failure, behaviour);
    }
  }

  void recordCopy(TestVm vm, String copy) {
    synchronized (lock) {
      vm.addCopy(copy);
    }
  }

  /** Records a close; returns the failure to throw after a first close, or null. Counts first closes. */
  RuntimeException recordClose(TestVm vm, boolean first) {
    synchronized (lock) {
      vm.addClose();
      if (!counts.closed(first)) return null;
      RuntimeException failure = nextReleaseFailure;
      nextReleaseFailure = null;
      return failure;
    }
  }

  @Override
  public void close() {
    List<TestVm> open;
    synchronized (lock) {
      closed = true;
      open = List.copyOf(vms.values());
    }
    for (TestVm vm : open) {
      try {
        vm.close();
      } catch (RuntimeException injected) {
        // an injected release failure; the provider still closes
      }
    }
    if (delegate != null) delegate.close();
  }
}
