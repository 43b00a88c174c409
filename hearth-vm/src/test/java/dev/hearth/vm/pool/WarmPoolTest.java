package dev.hearth.vm.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.testing.ManualClock;
import dev.hearth.testing.TestVmProvider;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.VmSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The warm pool over a counting {@link TestVmProvider}, on a manual clock. */
@Timeout(60)
class WarmPoolTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final VmSpec LINUX = VmSpec.of(List.of("ubuntu-latest"), Map.of("run", "r1"));
  static final VmSpec BIG = new VmSpec(List.of("ubuntu-latest"), 4, 8192, 0, VmSpec.NetworkPolicy.OUTBOUND, Map.of());

  final ManualClock clock = new ManualClock();
  final Set<String> unhealthy = ConcurrentHashMap.newKeySet();
  final TestVmProvider provider = TestVmProvider.scripted((vm, request, output) ->
      unhealthy.contains(vm) ? new ExecResult(1, false, Duration.ZERO) : new ExecResult(0, false, Duration.ZERO));
  WarmPool pool;

  @AfterEach
  void close() {
    if (pool != null) pool.close();
    provider.close();
  }

  WarmPool start(PoolSettings settings) throws InterruptedException {
    pool = WarmPool.start(provider, settings, clock);
    assertThat(pool.awaitStats(s -> s.idle() == s.target(), WAIT)).as("pool filled").isTrue();
    return pool;
  }

  @Test
  void allocationHandsOutAReadyVmWithoutAllocatingAgain() throws Exception {
    start(PoolSettings.of(2, LINUX));
    List<String> ready = provider.vmIds();
    try (Vm vm = pool.allocate(LINUX)) {
      assertThat(ready).contains(vm.id());
      assertThat(pool.stats().warm()).isEqualTo(1);
      assertThat(pool.stats().cold()).isZero();
      assertThat(pool.stats().inUse()).isEqualTo(1);
    }
    assertThat(pool.stats().inUse()).isZero();
  }

  @Test
  void takeTimesAreSummedPerWarmAndColdForMetrics() throws Exception {
    start(PoolSettings.of(1, LINUX));
    assertThat(pool.warmTakeNanos()).isZero();
    try (Vm warm = pool.allocate(LINUX);
        Vm cold = pool.allocate(VmSpec.of(List.of("other"), Map.of()))) {
      assertThat(pool.stats().warm()).isEqualTo(1);
      assertThat(pool.stats().cold()).isEqualTo(1);
      assertThat(pool.warmTakeNanos()).isPositive();
      assertThat(pool.coldTakeNanos()).isPositive();
    }
  }

  @Test
  void poolRefillsInTheBackgroundAfterATake() throws Exception {
    start(PoolSettings.of(2, LINUX));
    Vm taken = pool.allocate(LINUX);
    assertThat(pool.awaitStats(s -> s.idle() == 2, WAIT)).isTrue();
    assertThat(provider.allocations()).isEqualTo(3);
    taken.close();
  }

  @Test
  void aReleasedVmIsDestroyedAndNeverHandedOutAgain() throws Exception {
    start(PoolSettings.of(1, LINUX));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      assertThat(pool.awaitStats(s -> s.idle() == 1, WAIT)).isTrue();
      Vm vm = pool.allocate(LINUX);
      assertThat(seen.add(vm.id())).as("vm %s handed out twice", vm.id()).isTrue();
      vm.close();
      vm.close(); // idempotent
      assertThat(provider.isReleased(vm.id())).isTrue();
      assertThat(provider.closeCalls(vm.id())).isEqualTo(1);
    }
  }

  @Test
  void emptyPoolFallsBackToAColdAllocation() throws Exception {
    start(PoolSettings.of(1, LINUX));
    CountDownLatch refillHangs = provider.hangNextAllocate(); // the refill hangs, so the pool stays empty
    Vm first = pool.allocate(LINUX);
    assertThat(refillHangs.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(pool.stats().refilling()).isEqualTo(1);
    Vm second = pool.allocate(LINUX);
    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(pool.stats().cold()).isEqualTo(1);
    first.close();
    second.close();
  }

  @Test
  void aShapeThePoolDoesNotKeepIsAllocatedCold() throws Exception {
    start(PoolSettings.of(1, LINUX));
    try (Vm vm = pool.allocate(BIG)) {
      assertThat(pool.stats().cold()).isEqualTo(1);
      assertThat(provider.specs().getLast()).isEqualTo(BIG);
    }
    assertThat(pool.stats().idle()).isEqualTo(1);
  }

  @Test
  void pooledVmsAreAllocatedWithThePoolAsTheirLogLabel() throws Exception {
    start(PoolSettings.of(1, LINUX));
    assertThat(provider.specs().getFirst().logLabels()).containsEntry("pool", "test");
    assertThat(Shape.of(provider.specs().getFirst())).isEqualTo(Shape.of(LINUX));
  }

  @Test
  void vmFailingItsHealthCheckAtHandOutIsReleasedAndReplaced() throws Exception {
    start(PoolSettings.of(2, LINUX).withRecheckAfter(Duration.ZERO));
    String sick = provider.vmIds().getFirst();
    unhealthy.add(sick);
    try (Vm vm = pool.allocate(LINUX)) {
      assertThat(vm.id()).isNotEqualTo(sick).isEqualTo(provider.vmIds().get(1));
      assertThat(provider.isReleased(sick)).isTrue();
      assertThat(pool.stats().unhealthy()).isEqualTo(1);
    }
    assertThat(pool.awaitStats(s -> s.idle() == 2, WAIT)).isTrue();
  }

  @Test
  void healthIsRecheckedOnlyForVmsIdleLongerThanRecheckAfter() throws Exception {
    start(PoolSettings.of(1, LINUX).withRecheckAfter(Duration.ofSeconds(10)));
    String vmId = provider.vmIds().getFirst();
    int checks = provider.execs(vmId).size(); // the check when it entered the pool
    try (Vm vm = pool.allocate(LINUX)) {
      assertThat(provider.execs(vmId)).hasSize(checks);
    }
    assertThat(pool.awaitStats(s -> s.idle() == 1, WAIT)).isTrue();
    String next = provider.vmIds().getLast();
    clock.advance(Duration.ofSeconds(10));
    try (Vm vm = pool.allocate(LINUX)) {
      assertThat(vm.id()).isEqualTo(next);
      assertThat(provider.execs(next)).hasSize(2);
    }
  }

  @Test
  void aNewVmFailingItsFirstHealthCheckNeverEntersThePool() throws Exception {
    unhealthy.add("test-1");
    pool = WarmPool.start(provider, PoolSettings.of(1, LINUX).withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1)), clock);
    assertThat(pool.awaitStats(s -> s.refillFailures() == 1, WAIT)).isTrue();
    assertThat(provider.isReleased("test-1")).isTrue();
    assertThat(pool.stats().idle()).isZero();
    clock.advance(Duration.ofSeconds(1));
    pool.nudge();
    assertThat(pool.awaitStats(s -> s.idle() == 1, WAIT)).isTrue();
    try (Vm vm = pool.allocate(LINUX)) {
      assertThat(vm.id()).isEqualTo("test-2");
    }
  }

  @Test
  void anAllocationInterruptedDuringTheHandOutCheckReleasesTheVm() throws Exception {
    start(PoolSettings.of(1, LINUX).withRecheckAfter(Duration.ZERO));
    String ready = provider.vmIds().getFirst();
    CountDownLatch checking = new CountDownLatch(1);
    provider.onExec((vm, request, output) -> {
      checking.countDown();
      new CountDownLatch(1).await(); // the check hangs until interrupted
      throw new AssertionError("unreachable");
    });
    Thread caller = Thread.ofVirtual().start(() -> {
      try {
        pool.allocate(LINUX);
      } catch (InterruptedException | VmException expected) {
        // the interrupt ends the allocation
      }
    });
    assertThat(checking.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    caller.interrupt();
    caller.join();
    assertThat(provider.isReleased(ready)).isTrue();
  }

  @Test
  void closeReleasesEveryIdleVmExactlyOnce() throws Exception {
    pool = WarmPool.start(keptOpen(provider), PoolSettings.of(3, LINUX, BIG), clock); // so only the pool's closes count
    assertThat(pool.awaitStats(s -> s.idle() == 6, WAIT)).isTrue();
    assertThat(provider.liveVms()).isEqualTo(6);
    pool.close();
    pool.close();
    assertThat(provider.liveVms()).isZero();
    for (String id : provider.vmIds()) assertThat(provider.closeCalls(id)).as(id).isEqualTo(1);
    assertThatThrownBy(() -> pool.allocate(LINUX)).isInstanceOf(VmException.class).hasMessageContaining("closed");
  }

  @Test
  void closeStopsARefillInProgressAndLeavesNothingBehind() throws Exception {
    start(PoolSettings.of(1, LINUX));
    CountDownLatch hanging = provider.hangNextAllocate();
    Vm taken = pool.allocate(LINUX);
    assertThat(hanging.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    taken.close();
    pool.close();
    assertThat(provider.liveVms()).isZero();
  }

  @Test
  void concurrentAllocationsNeverShareAVm() throws Exception {
    start(PoolSettings.of(4, LINUX));
    int threads = 16;
    List<Future<String>> ids = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService pool16 = Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        ids.add(pool16.submit(() -> {
          go.await();
          return pool.allocate(LINUX).id(); // kept until the pool closes
        }));
      }
      go.countDown();
      Set<String> distinct = new HashSet<>();
      for (Future<String> id : ids) distinct.add(id.get());
      assertThat(distinct).hasSize(threads);
    }
    assertThat(pool.stats().warm() + pool.stats().cold()).isEqualTo(threads);
    assertThat(pool.stats().inUse()).isEqualTo(threads);
  }

  @Test
  void refillFailuresBackOffOnTheClockAndRecover() throws Exception {
    AtomicInteger failuresLeft = new AtomicInteger(3);
    VmProvider flaky = new VmProvider() {
      @Override
      public String name() {
        return "flaky";
      }

      @Override
      public Vm allocate(VmSpec spec) throws VmException, InterruptedException {
        if (failuresLeft.getAndDecrement() > 0) throw new VmException("no capacity for " + spec.labels());
        return provider.allocate(spec);
      }

      @Override
      public void close() {
        provider.close();
      }
    };
    pool = WarmPool.start(flaky, PoolSettings.of(1, LINUX).withBackoff(Duration.ofSeconds(10), Duration.ofSeconds(15)), clock);
    assertThat(pool.awaitStats(s -> s.refillFailures() == 1, WAIT)).isTrue();
    assertNoAttemptAfterNudge(); // t=0: the 10 s backoff has not passed
    clock.advance(Duration.ofSeconds(9));
    assertNoAttemptAfterNudge();
    clock.advance(Duration.ofSeconds(1));
    pool.nudge();
    assertThat(pool.awaitStats(s -> s.refillFailures() == 2, WAIT)).isTrue(); // then 20 s, capped at 15
    clock.advance(Duration.ofSeconds(14));
    assertNoAttemptAfterNudge();
    clock.advance(Duration.ofSeconds(1));
    pool.nudge();
    assertThat(pool.awaitStats(s -> s.refillFailures() == 3, WAIT)).isTrue();
    clock.advance(Duration.ofSeconds(15));
    pool.nudge();
    assertThat(pool.awaitStats(s -> s.idle() == 1, WAIT)).isTrue();
    assertThat(pool.stats().refillFailures()).isEqualTo(3);
  }

  /** {@code provider} except that closing it does nothing. */
  static VmProvider keptOpen(VmProvider provider) {
    return new VmProvider() {
      @Override
      public String name() {
        return provider.name();
      }

      @Override
      public Vm allocate(VmSpec spec) throws VmException, InterruptedException {
        return provider.allocate(spec);
      }

      @Override
      public void close() {}
    };
  }

  /** Nudges the filler, waits until it has looked, and checks it did not allocate. */
  private void assertNoAttemptAfterNudge() throws InterruptedException {
    long seen = pool.evaluations();
    long failures = pool.stats().refillFailures();
    pool.nudge();
    assertThat(pool.awaitStats(s -> pool.evaluations() > seen, WAIT)).isTrue();
    assertThat(pool.stats().refillFailures()).isEqualTo(failures);
    assertThat(pool.stats().refilling()).isZero();
  }

  @Test
  void aLearningPoolKeepsAShapeWarmAfterItsFirstColdAllocation() throws Exception {
    pool = WarmPool.start(provider, PoolSettings.learning(2), clock);
    try (Vm first = pool.allocate(LINUX)) {
      assertThat(pool.stats().cold()).isEqualTo(1);
    }
    assertThat(pool.awaitStats(s -> s.idle() == 2 && s.target() == 2, WAIT)).isTrue();
    try (Vm second = pool.allocate(VmSpec.of(LINUX.labels(), Map.of("run", "r2")))) {
      assertThat(pool.stats().warm()).isEqualTo(1);
      assertThat(pool.stats().cold()).isEqualTo(1);
    }
    pool.close();
    assertThat(provider.liveVms()).isZero();
  }

  @Test
  void sizeZeroAllocatesEverythingCold() throws Exception {
    pool = WarmPool.start(provider, PoolSettings.of(0, LINUX), clock);
    try (Vm vm = pool.allocate(LINUX)) {
      assertThat(pool.stats().cold()).isEqualTo(1);
      assertThat(pool.stats().target()).isZero();
    }
  }

  @Test
  void settingsRejectNonsenseWithTheFieldName() {
    assertThatThrownBy(() -> PoolSettings.of(-1, LINUX)).hasMessageContaining("pool.size");
    assertThatThrownBy(() -> PoolSettings.of(1, LINUX).withBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .hasMessageContaining("maxBackoff");
    assertThat(PoolSettings.of(1).withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5)).backoff(10)).isEqualTo(Duration.ofSeconds(5));
  }
}
