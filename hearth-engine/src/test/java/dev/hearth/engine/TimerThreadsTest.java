package dev.hearth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.testing.TestVmProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The timer threads behind job timeouts: however many engines a process starts, it holds at most one. */
@Timeout(60)
class TimerThreadsTest {
  private static final int ENGINES = 12;

  @Test
  void startingAndClosingManyEnginesLeavesAtMostOneTimerThread() throws Exception {
    for (int i = 0; i < ENGINES; i++) {
      try (TestVmProvider provider = TestVmProvider.scripted(new FakeShell())) {
        WorkflowExecutor executor = new WorkflowExecutor(new SessionManager(provider, 1, Clock.systemUTC()), Clock.systemUTC());
        RunResult result = executor.run(RunRequest.builder(String.valueOf(i), Plans.steps("echo hi")).build());
        assertThat(result.result()).as("run %s", i).isEqualTo(Conclusion.SUCCESS);
        assertThat(provider.liveVms()).isZero();
      }
    }

    assertThat(timerThreads()).as("live %s threads after %s engines ran a job each", TimerThread.NAME, ENGINES)
        .isLessThanOrEqualTo(1);
  }

  @Test
  void timersFromManyClocksFireOnTheOneSharedThread() throws Exception {
    CountDownLatch fired = new CountDownLatch(ENGINES);
    for (int i = 0; i < ENGINES; i++) {
      Timers timers = Timers.of(Clock.systemUTC());
      timers.at(Instant.now(), () -> {
        assertThat(Thread.currentThread().getName()).isEqualTo(TimerThread.NAME);
        fired.countDown();
      });
      timers.at(Instant.now().plus(Duration.ofHours(6)), () -> {}).cancel(); // a job that ended before its timeout
    }

    assertThat(fired.await(30, TimeUnit.SECONDS)).as("every timer fired").isTrue();
    assertThat(timerThreads()).isLessThanOrEqualTo(1);
  }

  private static long timerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals(TimerThread.NAME)).count();
  }
}
