package dev.hearth.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.testing.PostgresCluster;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The store, the same tests against a real SQLite file and a real PostgreSQL server. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgresql"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StoreTest {
  static PostgresCluster postgres;

  @Parameter String database;
  @TempDir Path dir;
  Store store;
  String url;
  final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

  @BeforeEach
  void open() throws Exception {
    if (database.equals("sqlite")) {
      url = "sqlite:" + dir.resolve("hearth.db");
    } else {
      Assumptions.assumeTrue(PostgresCluster.binaries().isPresent(),
          "PostgreSQL's server (initdb, pg_ctl under /usr/lib/postgresql/*/bin) is not installed: apt-get install postgresql");
      if (postgres == null) postgres = PostgresCluster.start();
      url = postgres.newDatabase();
    }
    store = Store.open(url);
  }

  @AfterEach
  void close() {
    if (store != null) store.close();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) postgres.close();
    postgres = null;
  }

  void accept(String id) {
    assertThat(store.accept(id, "push", null, "octo/hello", "{\"ref\":\"refs/heads/main\"}", t0)).isTrue();
  }

  List<StoredRun> plan(String delivery, String... files) {
    return store.plan(delivery, "push", "octo/hello", "a".repeat(40), "/tmp/checkout", false,
        java.util.Arrays.stream(files).map(f -> new PlannedRun(f, f)).toList(), files.length == 0 ? "nothing selected" : null, t0);
  }

  @Test
  void aDeliveryIsStoredOnceAndARedeliveryIsRecognised() {
    accept("d1");
    assertThat(store.accept("d1", "push", null, "octo/hello", "{}", t0)).isFalse();
    assertThat(store.delivery("d1")).get().satisfies(d -> {
      assertThat(d.state()).isEqualTo(Delivery.State.ACCEPTED);
      assertThat(d.payload()).contains("refs/heads/main");
      assertThat(d.receivedAt()).isEqualTo(t0);
    });
    assertThat(store.acceptedDeliveries()).extracting(Delivery::id).containsExactly("d1");
  }

  @Test
  void concurrentAcceptsStoreEachDeliveryOnceAndTellExactlyOneCallerItIsNew() throws Exception {
    List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 200; i++) {
        String id = "d" + (i % 50);
        results.add(threads.submit(() -> store.accept(id, "push", null, "octo/hello", "{}", t0)));
      }
    }
    long fresh = 0;
    for (var r : results) fresh += r.get() ? 1 : 0;
    assertThat(fresh).isEqualTo(50);
    assertThat(store.acceptedDeliveries()).hasSize(50);
  }

  @Test
  void planningQueuesOneRunPerWorkflowAndPlanningAgainQueuesNoneTwice() {
    accept("d1");
    assertThat(plan("d1", ".github/workflows/a.yml", ".github/workflows/b.yml")).hasSize(2);
    assertThat(plan("d1", ".github/workflows/a.yml", ".github/workflows/b.yml")).hasSize(2);
    assertThat(store.queuedRuns()).extracting(StoredRun::workflowFile)
        .containsExactly(".github/workflows/a.yml", ".github/workflows/b.yml");
    assertThat(store.delivery("d1").orElseThrow().state()).isEqualTo(Delivery.State.PLANNED);
    assertThat(store.acceptedDeliveries()).isEmpty();
  }

  @Test
  void aDeliveryNothingSelectsIsIgnoredWithTheReason() {
    accept("d1");
    assertThat(plan("d1")).isEmpty();
    assertThat(store.delivery("d1").orElseThrow()).satisfies(d -> {
      assertThat(d.state()).isEqualTo(Delivery.State.IGNORED);
      assertThat(d.reason()).isEqualTo("nothing selected");
    });
  }

  @Test
  void aFailedDeliveryKeepsItsReason() {
    accept("d1");
    store.finishDelivery("d1", Delivery.State.FAILED, "cannot fetch git://x/y.git", t0);
    assertThat(store.delivery("d1").orElseThrow().reason()).isEqualTo("cannot fetch git://x/y.git");
  }

  @Test
  void aRunGoesFromQueuedToRunningToFinishedWithOneAttempt() {
    accept("d1");
    long id = plan("d1", "ci.yml").getFirst().id();
    store.progress().vmAllocated(id, "host-1-ab", "host", t0);
    assertThat(store.markRunning(id, t0)).as("already running").isFalse();
    store.finishRun(id, "success", null, t0.plusSeconds(5));
    store.finishRun(id, "failure", "late", t0.plusSeconds(6));
    assertThat(store.run(id).orElseThrow()).satisfies(r -> {
      assertThat(r.state()).isEqualTo(StoredRun.FINISHED);
      assertThat(r.conclusion()).isEqualTo("success");
      assertThat(r.attempts()).isEqualTo(1);
      assertThat(r.finishedAt()).isEqualTo(t0.plusSeconds(5));
    });
  }

  @Test
  void afterARestartRunningRunsFailAsRunnerRestartedAndQueuedOnesStayQueued() {
    accept("d1");
    accept("d2");
    long running = plan("d1", "ci.yml").getFirst().id();
    long queued = plan("d2", "ci.yml").getFirst().id();
    store.progress().vmAllocated(running, "host-1-ab", "host", t0);
    store.progress().jobStarted(running, "build", "build", "host-1-ab", t0);
    store.progress().stepStarted(running, "build", "s1", "sleep", t0);
    assertThat(store.failRunning("runner restarted", t0)).extracting(StoredRun::id).containsExactly(running);
    assertThat(store.run(running).orElseThrow()).satisfies(r -> {
      assertThat(r.conclusion()).isEqualTo("failure");
      assertThat(r.reason()).isEqualTo("runner restarted");
    });
    assertThat(store.progress().jobs(running)).singleElement().satisfies(j -> assertThat(j.conclusion()).isEqualTo("failure"));
    assertThat(store.progress().steps(running)).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo("finished"));
    assertThat(store.queuedRuns()).extracting(StoredRun::id).containsExactly(queued);
    assertThat(store.progress().allocatedVms()).extracting(VmRecord::vmId).containsExactly("host-1-ab");
    store.progress().vmReaped("host-1-ab", "killed 1 process", t0);
    assertThat(store.progress().allocatedVms()).isEmpty();
    assertThat(store.progress().vms()).singleElement().satisfies(v -> {
      assertThat(v.state()).isEqualTo("reaped");
      assertThat(v.note()).isEqualTo("killed 1 process");
    });
  }

  @Test
  void jobsStepsAndLogChunksAreStoredInOrder() {
    accept("d1");
    long id = plan("d1", "ci.yml").getFirst().id();
    Progress p = store.progress();
    p.jobStarted(id, "build", "Build", "vm-1", t0);
    p.stepStarted(id, "build", "s1", "Say hi", t0);
    p.appendLogs(List.of(new Progress.LogChunk(id, "build", "s1", "stdout", 0, 2, "hi\nthere"),
        new Progress.LogChunk(id, "build", "s1", "stderr", 2, 1, "oops")), t0);
    p.appendLogs(List.of(new Progress.LogChunk(id, "build", "s1", "stdout", 3, 1, "bye")), t0);
    p.stepFinished(id, "build", "s1", "success", "success", t0);
    p.jobFinished(id, "build", "success", t0);
    assertThat(p.logs(id)).extracting(Progress.LogChunk::text).containsExactly("hi\nthere", "oops", "bye");
    assertThat(p.steps(id)).singleElement().satisfies(s -> {
      assertThat(s.name()).isEqualTo("Say hi");
      assertThat(s.conclusion()).isEqualTo("success");
    });
    assertThat(p.jobs(id)).singleElement().satisfies(j -> {
      assertThat(j.vmId()).isEqualTo("vm-1");
      assertThat(j.state()).isEqualTo("finished");
    });
  }

  @Test
  void openingAgainKeepsTheDataAndAppliesNoMigrationTwice() {
    accept("d1");
    store.close();
    store = Store.open(url);
    assertThat(store.delivery("d1")).isPresent();
  }

  @Test
  void anUnknownStoreUrlIsRefusedNamingWhatIsExpected() {
    assertThatThrownBy(() -> Store.open("mysql://root:hunter2@db/hearth"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("expected sqlite:")
        .hasMessageNotContaining("hunter2");
  }
}
