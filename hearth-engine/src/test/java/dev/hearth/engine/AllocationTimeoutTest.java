package dev.hearth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.testing.Behaviour;
import dev.hearth.testing.TestVmProvider;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.VmSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A provider whose {@code allocate} hangs does not hang the run: past the allocation timeout the
 * session fails with a reason naming the provider and the timeout, the slot is freed (or stays held
 * by the hung allocation until it ends, so the limit still counts it), and a VM the provider returns
 * later is released.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AllocationTimeoutTest {
  private static final Duration TIMEOUT = Duration.ofMillis(300);
  private final RecordingListener events = new RecordingListener();

  private SessionRequest request(String runId, Cancellation cancellation) {
    return new SessionRequest(runId, VmSpec.of(List.of("ubuntu-latest"), Map.of()), AllocationScope.WORKFLOW, cancellation, events);
  }

  @Test
  void anAllocationPastTheTimeoutFailsTheSessionWithTheReasonAndFreesTheSlot() throws Exception {
    TestVmProvider provider = TestVmProvider.scripted(Behaviour.succeed());
    SessionManager sessions = new SessionManager(provider, 1, Clock.systemUTC(), TIMEOUT);
    provider.hangNextAllocate();

    assertThatThrownBy(() -> sessions.open(request("1", new Cancellation())))
        .isInstanceOf(VmException.class)
        .hasMessage("provider test did not allocate a VM for run 1 within 300 ms (the allocation timeout)");

    try (Session next = sessions.open(request("2", new Cancellation()))) {
      assertThat(next.vm().id()).isNotNull();
    }
    assertThat(provider.liveVms()).isZero();
  }

  @Test
  void aVmReturnedAfterTheTimeoutIsReleasedAndHoldsTheSlotUntilThen() throws Exception {
    TestVmProvider inner = TestVmProvider.scripted(Behaviour.succeed());
    CountDownLatch proceed = new CountDownLatch(1);
    VmProvider deaf = new DeafProvider(inner, proceed);
    SessionManager sessions = new SessionManager(deaf, 1, Clock.systemUTC(), TIMEOUT);

    assertThatThrownBy(() -> sessions.open(request("1", new Cancellation())))
        .isInstanceOf(VmException.class).hasMessageContaining("within");
    Thread second = Thread.ofPlatform().start(() -> {
      try (Session s = sessions.open(request("2", new Cancellation()))) {
        assertThat(s.vm()).isNotNull();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    EngineFixture.await("the second run waiting for the slot the hung allocation holds", () -> sessions.waiting() == 1);
    assertThat(inner.allocations()).isZero();

    proceed.countDown();
    second.join();
    assertThat(inner.allocations()).isEqualTo(2);
    assertThat(inner.maxLiveVms()).as("the late VM was released before the next was allocated").isEqualTo(1);
    assertThat(inner.liveVms()).isZero();
  }

  @Test
  void aCancelledRunDoesNotWaitForAProviderThatIgnoresInterrupts() throws Exception {
    TestVmProvider inner = TestVmProvider.scripted(Behaviour.succeed());
    CountDownLatch proceed = new CountDownLatch(1);
    SessionManager sessions = new SessionManager(new DeafProvider(inner, proceed), 1, Clock.systemUTC(), Duration.ofMinutes(5));
    Cancellation cancellation = new Cancellation();
    Thread.ofPlatform().start(() -> {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
      cancellation.cancel(Cancellation.Reason.CANCELLED, "cancelled by the test");
    });

    assertThatThrownBy(() -> sessions.open(request("1", cancellation)))
        .isInstanceOf(CancellationException.class).hasMessage("cancelled by the test");
    proceed.countDown();
    assertThat(inner.await(p -> p.allocations() == 1 && p.liveVms() == 0, Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void aHungAllocationFailsTheRunWithAClearReason() {
    EngineFixture engine = new EngineFixture(1);
    SessionManager sessions = new SessionManager(engine.provider, 1, engine.timers.clock(), TIMEOUT);
    WorkflowExecutor executor = new WorkflowExecutor(sessions, engine.timers, new OneExecPerStep(engine.timers.clock()));
    engine.provider.hangNextAllocate();

    RunResult result = executor.run(engine.request("1", Plans.steps("echo a")).build());

    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
    assertThat(result.vmIds()).isEmpty();
    assertThat(engine.events.hearthLines()).anyMatch(l -> l.contains("provider test did not allocate a VM for run 1 within"));
    assertThat(engine.provider.liveVms()).isZero();
  }

  @Test
  void theDefaultTimeoutIsLongerForProvidersThatBootAGuest() {
    assertThat(AllocationTimeouts.defaultFor("microvm")).isEqualTo(Duration.ofMinutes(20));
    assertThat(AllocationTimeouts.defaultFor("sandbox")).isEqualTo(Duration.ofMinutes(5));
    assertThat(AllocationTimeouts.defaultFor("something-else")).isEqualTo(Duration.ofMinutes(10));
  }

  /** Allocates from {@code inner} only once {@code proceed} opens, ignoring interrupts while it waits. */
  private record DeafProvider(TestVmProvider inner, CountDownLatch proceed) implements VmProvider {
    @Override
    public String name() {
      return "deaf";
    }

    @Override
    public Vm allocate(VmSpec spec) throws VmException, InterruptedException {
      boolean interrupted = false;
      while (true) {
        try {
          proceed.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      Vm vm = inner.allocate(spec);
      if (interrupted) Thread.currentThread().interrupt();
      return vm;
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
