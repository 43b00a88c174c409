package dev.hearth.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LaneSchedulerTest {

  @Test
  void neverRunsTwoTasksOfOneLaneNorMoreThanItsParallelismAtOnce() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    ConcurrentHashMap<String, AtomicInteger> perLane = new ConcurrentHashMap<>();
    List<String> overlaps = java.util.Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<String>> results = new ArrayList<>();
    try (LaneScheduler<String> scheduler = new LaneScheduler<>("test", 2)) {
      for (int i = 0; i < 40; i++) {
        String lane = "lane-" + (i % 4);
        int n = i;
        results.add(scheduler.submit(lane, () -> {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          if (perLane.computeIfAbsent(lane, l -> new AtomicInteger()).incrementAndGet() > 1) overlaps.add(lane);
          Thread.yield();
          perLane.get(lane).decrementAndGet();
          running.decrementAndGet();
          return lane + "#" + n;
        }));
      }
      scheduler.start();
      for (int i = 0; i < results.size(); i++) assertThat(results.get(i).get()).isEqualTo("lane-" + (i % 4) + "#" + i);
    }
    assertThat(overlaps).as("lanes that ran two tasks at once").isEmpty();
    assertThat(most.get()).isBetween(1, 2);
  }

  @Test
  void aTaskWhoseLaneIsBusyLetsALaterTaskOfAFreeLanePass() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (LaneScheduler<String> scheduler = new LaneScheduler<>("test", 2)) {
      CompletableFuture<String> blocking = scheduler.submit("slow", () -> {
        release.await();
        return "slow done";
      });
      CompletableFuture<String> sameLane = scheduler.submit("slow", () -> "second of slow");
      CompletableFuture<String> otherLane = scheduler.submit("fast", () -> "fast done");
      scheduler.start();
      assertThat(otherLane.get(10, TimeUnit.SECONDS)).isEqualTo("fast done");
      assertThat(sameLane).isNotDone();
      release.countDown();
      assertThat(blocking.get()).isEqualTo("slow done");
      assertThat(sameLane.get()).isEqualTo("second of slow");
    }
  }

  @Test
  void aFailingTaskFailsOnlyItsOwnFuture() throws Exception {
    try (LaneScheduler<String> scheduler = new LaneScheduler<>("test", 1)) {
      CompletableFuture<String> failing = scheduler.submit("a", () -> {
        throw new IllegalStateException("cell broke");
      });
      CompletableFuture<String> next = scheduler.submit("a", () -> "still runs");
      scheduler.start();
      assertThatThrownBy(failing::get).isInstanceOf(ExecutionException.class).hasRootCauseMessage("cell broke");
      assertThat(next.get()).isEqualTo("still runs");
    }
  }

  @Test
  void closingFailsTheTasksThatHaveNotStarted() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    LaneScheduler<String> scheduler = new LaneScheduler<>("cells", 1);
    CompletableFuture<String> running = scheduler.submit("a", () -> {
      started.countDown();
      new CountDownLatch(1).await(); // until interrupted by close
      return "never";
    });
    CompletableFuture<String> queued = scheduler.submit("b", () -> "never either");
    scheduler.start();
    started.await();
    scheduler.close();
    assertThatThrownBy(queued::get).hasMessageContaining("scheduler cells closed before lane b ran this task");
    assertThatThrownBy(running::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InterruptedException.class);
    assertThatThrownBy(() -> scheduler.submit("c", () -> "late")).hasMessageContaining("scheduler cells is closed");
  }

  @Test
  void refusesAParallelismBelowOne() {
    assertThatThrownBy(() -> new LaneScheduler<String>("test", 0)).hasMessageContaining("parallelism must be at least 1, not 0");
  }
}
