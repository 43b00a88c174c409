package dev.hearth.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.engine.Cancellation;
import dev.hearth.engine.JobGate;
import dev.hearth.engine.JobGate.Entry;
import dev.hearth.engine.JobGate.Ticket;
import dev.hearth.server.store.PlannedRun;
import dev.hearth.server.store.Store;
import dev.hearth.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts' {@link FleetJobGate}s over one real SQLite store: a pending leg takes the group when the
 * holder leaves, a leg cancelled in progress by the other host is cancelled by its host's watcher, and
 * a waiting leg whose run is cancelled leaves the group.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FleetJobGateTest {
  static final Duration LEASE = Duration.ofSeconds(60);

  @TempDir Path dir;
  final ManualClock clock = new ManualClock();
  Store store;
  FleetJobGate gateA;
  FleetJobGate gateB;
  int deliveries;

  @BeforeEach
  void open() {
    store = Store.open("sqlite:" + dir.resolve("hearth.db"));
    store.fleet().register("a", 4, LEASE, clock.instant());
    store.fleet().register("b", 4, LEASE, clock.instant());
    gateA = new FleetJobGate(store.jobGroups(), "a", Duration.ofHours(1), clock); // watch() is called by the tests
    gateB = new FleetJobGate(store.jobGroups(), "b", Duration.ofHours(1), clock);
  }

  @AfterEach
  void close() {
    gateA.close();
    gateB.close();
    store.close();
  }

  /** A run claimed by {@code host}; the ticket of its job deploy in group {@code group}. */
  Ticket ticket(String host, String group, boolean cancelInProgress) {
    String id = "d" + (++deliveries);
    store.accept(id, "push", null, "octo/hello", "{}", host, clock.instant());
    long run = store.plan(id, "push", "octo/hello", "abc", "/nowhere", false,
        List.of(new PlannedRun(".github/workflows/ci.yml", "ci", null, false)), null, clock.instant()).getFirst().id();
    store.fleet().claim(host, 1, clock.instant().plus(LEASE), 0, clock.instant());
    return new Ticket("octo/hello", group, cancelInProgress, String.valueOf(run), "deploy");
  }

  CompletableFuture<Entry> enterLater(JobGate gate, Ticket ticket, Cancellation cancellation, AtomicReference<String> waitingFor) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return gate.enter(ticket, cancellation, waitingFor::set);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
      Thread.sleep(10);
    }
  }

  @Test
  void aPendingLegOnAnotherHostHoldsTheGroupOnceTheHolderLeaves() throws Exception {
    Ticket first = ticket("a", "prod", false);
    Entry held = gateA.enter(first, new Cancellation(), h -> { });
    assertThat(held).isInstanceOf(Entry.Held.class);
    AtomicReference<String> waitingFor = new AtomicReference<>();

    CompletableFuture<Entry> second = enterLater(gateB, ticket("b", "PROD", false), new Cancellation(), waitingFor);
    await("the second leg waits", () -> waitingFor.get() != null);
    assertThat(waitingFor.get()).isEqualTo("run " + first.runId() + " job deploy");
    assertThat(second).isNotDone();

    ((Entry.Held) held).hold().close();
    assertThat(second.get(20, TimeUnit.SECONDS)).isInstanceOf(Entry.Held.class);
  }

  @Test
  void aLegHeldHereThatAnotherHostCancelsInProgressIsCancelledByTheWatcher() throws Exception {
    Ticket first = ticket("a", "prod", true);
    Cancellation running = new Cancellation();
    Entry.Held held = (Entry.Held) gateA.enter(first, running, h -> { });
    AtomicReference<String> waitingFor = new AtomicReference<>();
    Ticket next = ticket("b", "prod", true);
    CompletableFuture<Entry> second = enterLater(gateB, next, new Cancellation(), waitingFor);
    await("the second leg waits", () -> waitingFor.get() != null);

    gateA.watch();

    assertThat(running.isCancelled()).isTrue();
    assertThat(running.message()).contains("cancelled by run " + next.runId()
        + " job deploy of concurrency group 'prod' (cancel-in-progress)");
    held.hold().close(); // the cancelled leg ends
    assertThat(second.get(20, TimeUnit.SECONDS)).isInstanceOf(Entry.Held.class);
  }

  @Test
  void aWaitingLegWhoseRunIsCancelledLeavesTheGroup() throws Exception {
    Entry.Held held = (Entry.Held) gateA.enter(ticket("a", "prod", false), new Cancellation(), h -> { });
    AtomicReference<String> waitingFor = new AtomicReference<>();
    Cancellation cancellation = new Cancellation();
    CompletableFuture<Entry> waiting = enterLater(gateB, ticket("b", "prod", false), cancellation, waitingFor);
    await("the second leg waits", () -> waitingFor.get() != null);

    cancellation.cancel(Cancellation.Reason.CANCELLED, "cancelled by a test");

    assertThat(waiting.get(20, TimeUnit.SECONDS)).isEqualTo(
        new Entry.Refused("cancelled by a test while waiting for its concurrency group"));
    held.hold().close();
    assertThat(gateB.enter(ticket("b", "prod", false), new Cancellation(), h -> { }))
        .as("nobody holds or waits for the group any more").isInstanceOf(Entry.Held.class);
  }
}
