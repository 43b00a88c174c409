package dev.hearth.bench;

import dev.hearth.vm.Vm;
import dev.hearth.vm.VmSpec;
import dev.hearth.vm.host.HostVmProvider;
import dev.hearth.vm.pool.PoolSettings;
import dev.hearth.vm.pool.WarmPool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Allocation with the host provider, in milliseconds: {@link #warmAllocate} takes a VM from a
 * {@link WarmPool} that is full when the allocation starts (the VM passed its health check recently);
 * {@link #warmAllocateChecked} is the same with a health check at hand-out ({@code recheckAfter} 0);
 * {@link #coldAllocate} asks the provider directly. Each VM is released after the measurement, and
 * the pool refilled, outside it. Target for warm: at most 5 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PoolBench {
  static final VmSpec SPEC = VmSpec.of(List.of("ubuntu-latest"), Map.of("run", "bench"));

  private HostVmProvider cold;
  private WarmPool warm;
  private WarmPool checked;
  private Vm vm;

  @Setup(Level.Trial)
  public void setUp() throws InterruptedException {
    cold = HostVmProvider.create();
    warm = WarmPool.start(HostVmProvider.create(), PoolSettings.of(2, SPEC), Clock.systemUTC());
    checked = WarmPool.start(HostVmProvider.create(), PoolSettings.of(2, SPEC).withRecheckAfter(Duration.ZERO), Clock.systemUTC());
    awaitFull();
  }

  /** Releases the VM just allocated and waits until both pools are full again. */
  @TearDown(Level.Invocation)
  public void releaseAndRefill() throws InterruptedException {
    if (vm != null) vm.close();
    vm = null;
    if (warm.stats().cold() + checked.stats().cold() > 0) {
      throw new IllegalStateException("a warm allocation went cold: " + warm.stats() + " " + checked.stats());
    }
    awaitFull();
  }

  private void awaitFull() throws InterruptedException {
    for (WarmPool pool : List.of(warm, checked)) {
      if (!pool.awaitStats(s -> s.idle() == s.target(), Duration.ofMinutes(1))) {
        throw new IllegalStateException("the pool did not refill within a minute: " + pool.stats());
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    warm.close();
    checked.close();
    cold.close();
  }

  @Benchmark
  public Vm warmAllocate() throws Exception {
    vm = warm.allocate(SPEC);
    return vm;
  }

  @Benchmark
  public Vm warmAllocateChecked() throws Exception {
    vm = checked.allocate(SPEC);
    return vm;
  }

  @Benchmark
  public Vm coldAllocate() throws Exception {
    vm = cold.allocate(SPEC);
    return vm;
  }
}
