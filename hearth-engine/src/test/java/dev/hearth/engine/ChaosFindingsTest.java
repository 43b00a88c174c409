package dev.hearth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.testing.TestVmProvider;
import dev.hearth.testing.chaos.ChaosSettings;
import dev.hearth.testing.chaos.ChaosVmProvider;
import dev.hearth.testing.chaos.Odds;
import dev.hearth.testing.chaos.Operation;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Regressions for what the chaos soak found, one test per finding, named for it. */
@Timeout(120)
class ChaosFindingsTest {

  /**
   * Found by the soak: reading a step's file commands back ({@code copyOut}) was outside the job's
   * cancellation, so a VM whose copy hung held the job (and its session) past {@code timeout-minutes}.
   */
  @Test
  void hangingFileCommandCopyOutIsStoppedByTheJobTimeout() {
    ChaosVmProvider chaos = new ChaosVmProvider(TestVmProvider.scripted(new FakeShell()),
        ChaosSettings.none(1).with(Operation.COPY_OUT, new Odds(0, 1, 0)).withHangLimit(Duration.ofSeconds(60)));
    try (chaos) {
      RecordingListener events = new RecordingListener();
      WorkflowExecutor executor = new WorkflowExecutor(new SessionManager(chaos, 1, Clock.systemUTC()), Clock.systemUTC());

      RunResult result = executor.run(RunRequest.builder("1", Plans.of("""
          on: push
          jobs:
            build:
              runs-on: ubuntu-latest
              timeout-minutes: 0.01
              steps: [{run: echo hi}]
          """)).listener(events).build());

      assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
      assertThat(chaos.unrescuedHangs()).as("hangs nothing interrupted").isEmpty();
      assertThat(chaos.liveVms()).isZero();
      events.assertBalanced();
    }
  }

  /** The fix must not stop an {@code always()} step that runs after a cancel from reading its outputs. */
  @Test
  void alwaysStepAfterACancelStillReadsItsFileCommands() {
    ChaosVmProvider chaos = new ChaosVmProvider(TestVmProvider.scripted(new FakeShell()), ChaosSettings.none(1));
    try (chaos) {
      RecordingListener events = new RecordingListener();
      WorkflowExecutor executor = new WorkflowExecutor(new SessionManager(chaos, 1, Clock.systemUTC()), Clock.systemUTC());
      Cancellation cancellation = new Cancellation();
      cancellation.cancel(Cancellation.Reason.CANCELLED, "test");

      RunResult result = executor.run(RunRequest.builder("1", Plans.of("""
          on: push
          jobs:
            build:
              runs-on: ubuntu-latest
              steps: [{run: echo hi, if: always()}]
          """)).listener(events).cancellation(cancellation).build());

      assertThat(result.result()).isEqualTo(Conclusion.CANCELLED);
      assertThat(chaos.liveVms()).isZero();
      events.assertBalanced();
    }
  }
}
