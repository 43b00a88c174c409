package dev.hearth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.testing.Behaviour;
import dev.hearth.testing.ManualClock;
import dev.hearth.testing.TestVmProvider;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.VmSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionManagerTest {
  private final TestVmProvider provider = TestVmProvider.scripted(Behaviour.succeed());
  private final ManualClock clock = new ManualClock();
  private final RecordingListener events = new RecordingListener();
  private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();

  @AfterEach
  void balanced() {
    threads.shutdownNow();
    events.assertBalanced();
    assertThat(provider.liveVms()).isZero();
  }

  private SessionRequest request(String runId, Cancellation cancellation) {
    return new SessionRequest(runId, VmSpec.of(List.of("ubuntu-latest"), Map.of()), AllocationScope.WORKFLOW,
        cancellation, events);
  }

  @Test
  void aSessionHoldsOneVmAndReleasesItExactlyOnce() throws Exception {
    SessionManager sessions = new SessionManager(provider, 2, clock);

    Session session = sessions.open(request("1", new Cancellation()));
    assertThat(sessions.openSessions()).isEqualTo(1);
    session.close();
    session.close();

    assertThat(provider.allocations()).isEqualTo(1);
    assertThat(provider.closeCalls(session.vm().id())).isEqualTo(1);
    assertThat(sessions.openSessions()).isZero();
    assertThat(events.of(RunEvent.VmAllocated.class)).singleElement().satisfies(a -> {
      assertThat(a.vmId()).isEqualTo(session.vm().id());
      assertThat(a.provider()).isEqualTo("test");
      assertThat(a.scope()).isEqualTo("workflow");
    });
    assertThat(events.of(RunEvent.VmReleased.class)).hasSize(1);
  }

  @Test
  void waitersAreAdmittedFirstComeFirstServed() throws Exception {
    SessionManager sessions = new SessionManager(provider, 1, clock);
    Session holder = sessions.open(request("0", new Cancellation()));
    List<String> admitted = new CopyOnWriteArrayList<>();
    List<CompletableFuture<Void>> waiters = new java.util.ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      String run = "r" + i;
      waiters.add(CompletableFuture.runAsync(() -> {
        try (Session s = sessions.open(request(run, new Cancellation()))) {
          admitted.add(run);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, threads));
      int queued = i;
      EngineFixture.await(queued + " waiting", () -> sessions.waiting() == queued);
    }

    holder.close();
    waiters.forEach(CompletableFuture::join);

    assertThat(admitted).containsExactly("r1", "r2", "r3");
    assertThat(provider.maxLiveVms()).isEqualTo(1);
  }

  @Test
  void aCancelledWaiterLeavesTheQueueWithoutAllocating() throws Exception {
    SessionManager sessions = new SessionManager(provider, 1, clock);
    Session holder = sessions.open(request("0", new Cancellation()));
    Cancellation cancellation = new Cancellation();
    CompletableFuture<Session> waiter = CompletableFuture.supplyAsync(() -> {
      try {
        return sessions.open(request("1", cancellation));
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }, threads);
    EngineFixture.await("one waiting", () -> sessions.waiting() == 1);

    cancellation.cancel(Cancellation.Reason.CANCELLED, "Ctrl-C");

    assertThatThrownBy(waiter::join).hasCauseInstanceOf(CancellationException.class).hasMessageContaining("Ctrl-C");
    assertThat(sessions.waiting()).isZero();
    assertThat(provider.allocateCalls()).isEqualTo(1);
    holder.close();
    sessions.open(request("2", new Cancellation())).close(); // the slot is free again
  }

  @Test
  void anAlreadyCancelledRequestIsNotAdmitted() {
    SessionManager sessions = new SessionManager(provider, 1, clock);
    Cancellation cancellation = new Cancellation();
    cancellation.cancel(Cancellation.Reason.CANCELLED, "early");

    assertThatThrownBy(() -> sessions.open(request("1", cancellation))).isInstanceOf(CancellationException.class);
    assertThat(provider.allocateCalls()).isZero();
  }

  @Test
  void cancellingAHangingAllocationFreesTheSlot() throws Exception {
    SessionManager sessions = new SessionManager(provider, 1, clock);
    var hanging = provider.hangNextAllocate();
    Cancellation cancellation = new Cancellation();
    CompletableFuture<Session> opening = CompletableFuture.supplyAsync(() -> {
      try {
        return sessions.open(request("1", cancellation));
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }, threads);
    hanging.await();

    cancellation.cancel(Cancellation.Reason.CANCELLED, "stop");

    assertThatThrownBy(opening::join).hasCauseInstanceOf(CancellationException.class);
    sessions.open(request("2", new Cancellation())).close();
  }

  @Test
  void aProviderThatThrowsOnAllocateFreesTheSlotAndSaysWhich() throws Exception {
    VmProvider broken = new VmProvider() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public Vm allocate(VmSpec spec) {
        throw new IllegalStateException("bug in provider");
      }

      @Override
      public void close() {}
    };
    SessionManager sessions = new SessionManager(broken, 1, clock);

    assertThatThrownBy(() -> sessions.open(request("1", new Cancellation()))).isInstanceOf(VmException.class)
        .hasMessageContaining("provider broken").hasMessageContaining("bug in provider");
    assertThatThrownBy(() -> sessions.open(request("2", new Cancellation()))).isInstanceOf(VmException.class);
  }

  @Test
  void aReleaseThatThrowsStillClosesTheSession() throws Exception {
    SessionManager sessions = new SessionManager(provider, 1, clock);
    provider.failNextRelease(new IllegalStateException("release failed"));

    Session session = sessions.open(request("1", new Cancellation()));
    session.close();

    assertThat(session.isClosed()).isTrue();
    assertThat(sessions.openSessions()).isZero();
    sessions.open(request("2", new Cancellation())).close();
  }

  @Test
  void allocationTimeComesFromTheInjectedClock() throws Exception {
    provider.onExec(Behaviour.succeed());
    SessionManager sessions = new SessionManager(new TimedProvider(provider, clock), 1, clock);

    sessions.open(request("1", new Cancellation())).close();

    assertThat(events.of(RunEvent.VmAllocated.class).get(0).took()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void maxSessionsMustBePositive() {
    assertThatThrownBy(() -> new SessionManager(provider, 0, clock)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Allocation takes three seconds of the manual clock. */
  private record TimedProvider(TestVmProvider inner, ManualClock clock) implements VmProvider {
    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public Vm allocate(VmSpec spec) throws VmException, InterruptedException {
      clock.advance(Duration.ofSeconds(3));
      return inner.allocate(spec);
    }

    @Override
    public void close() {}
  }
}
