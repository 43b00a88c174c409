package dev.hearth.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.testing.PostgresCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the queue reads on every wake and what the checkout sweep keeps, on real SQLite and PostgreSQL:
 * the ids of the deliveries a host may plan (no payloads), and the deliveries still in progress.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeliveriesInProgressTest {
  static final TestDatabases databases = new TestDatabases();

  @Parameter String database;
  @TempDir Path dir;
  Store store;
  final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

  @BeforeEach
  void open() throws Exception {
    String url = databases.url(database, dir);
    store = Store.open(url);
    store.fleet().register("a", 2, Duration.ofSeconds(15), t0);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @AfterAll
  static void stop() throws Exception {
    databases.close();
  }

  @Test
  void plannableIdsAreTheAcceptedDeliveriesOfTheHostOldestFirst() {
    store.accept("late", "push", null, "o/r", "{\"big\":true}", "a", t0.plusSeconds(2));
    store.accept("early", "push", null, "o/r", "{}", "a", t0);
    store.accept("orphan", "push", null, "o/r", "{}", null, t0.plusSeconds(1));
    store.accept("planned", "push", null, "o/r", "{}", "a", t0);
    store.plan("planned", "push", "o/r", "a".repeat(40), "/c", false, List.of(new PlannedRun("ci.yml", "ci")), null, t0);

    assertThat(store.fleet().plannableIds("a", t0)).containsExactly("early", "orphan", "late");
    assertThat(store.fleet().plannable("a", t0)).extracting(Delivery::id).containsExactly("early", "orphan", "late");
  }

  @Test
  void deliveriesInProgressAreTheAcceptedOnesAndThoseWithARunQueuedOrRunning() {
    store.accept("accepted", "push", null, "o/r", "{}", "a", t0);
    for (String d : List.of("queued", "running", "finished", "ignored")) {
      store.accept(d, "push", null, "o/r", "{}", "a", t0);
    }
    store.plan("running", "push", "o/r", "a".repeat(40), "/c", false, List.of(new PlannedRun("ci.yml", "ci")), null, t0);
    store.fleet().claim("a", 1, t0.plusSeconds(15), 0, t0);
    store.plan("queued", "push", "o/r", "a".repeat(40), "/c", false,
        List.of(new PlannedRun("a.yml", "a"), new PlannedRun("b.yml", "b")), null, t0);
    store.cancelQueued(store.runsOf("queued").getFirst().id(), "cancelled", t0);
    List<StoredRun> done = store.plan("finished", "push", "o/r", "a".repeat(40), "/c", false,
        List.of(new PlannedRun("ci.yml", "ci")), null, t0);
    store.cancelQueued(done.getFirst().id(), "cancelled", t0);
    store.plan("ignored", "push", "o/r", "a".repeat(40), "/c", false, List.of(), "no workflow", t0);

    assertThat(store.deliveriesInProgress()).containsExactlyInAnyOrder("accepted", "queued", "running");
  }
}
