package dev.hearth.engine.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.engine.Cancellation;
import dev.hearth.engine.Conclusion;
import dev.hearth.engine.RunEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** if with status functions, continue-on-error, timeouts, cancellation and uses steps. */
class JobRunnerControlTest extends HarnessedTest {
  @Test
  void aFailedStepSkipsSuccessStepsAndRunsFailureAndAlwaysSteps() throws Exception {
    JobOutcome out = h.run(StepHarness.job("""
        - id: ok
          run: "true"
        - id: bad
          run: exit 3
        - id: normal
          run: echo never
        - id: on-failure
          if: failure()
          run: echo failure-ran
        - id: on-always
          if: always()
          run: echo always-ran
        - id: expr
          if: steps.bad.outcome == 'failure'
          run: echo implied-success-false
        """));
    assertThat(out.result()).isEqualTo(Conclusion.FAILURE);
    assertThat(h.conclusion("bad")).isEqualTo(Conclusion.FAILURE);
    assertThat(h.conclusion("normal")).isEqualTo(Conclusion.SKIPPED);
    assertThat(h.output("on-failure")).containsExactly("failure-ran");
    assertThat(h.output("on-always")).containsExactly("always-ran");
    assertThat(h.conclusion("expr")).isEqualTo(Conclusion.SKIPPED);
    assertThat(h.lines("bad")).contains("##[error]Process completed with exit code 3.");
  }

  @Test
  void continueOnErrorKeepsTheFailedOutcomeButConcludesSuccess() throws Exception {
    JobOutcome out = h.run(StepHarness.job("""
        - id: flaky
          continue-on-error: true
          run: exit 1
        - id: next
          run: echo "${{ steps.flaky.outcome }}/${{ steps.flaky.conclusion }}"
        """));
    assertThat(out.result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(h.finished("flaky").outcome()).isEqualTo(Conclusion.FAILURE);
    assertThat(h.finished("flaky").conclusion()).isEqualTo(Conclusion.SUCCESS);
    assertThat(h.output("next")).containsExactly("failure/success");
  }

  @Test
  @Timeout(60)
  void stepTimeoutKillsTheScriptAndFailsTheStep() throws Exception {
    JobOutcome out = h.run(StepHarness.job("""
        - id: slow
          timeout-minutes: 0.02
          run: sleep 300
        - id: after
          if: always()
          run: echo cleanup
        """));
    assertThat(out.result()).isEqualTo(Conclusion.FAILURE);
    assertThat(h.outcome("slow")).isEqualTo(Conclusion.FAILURE);
    assertThat(h.finished("slow").duration()).isLessThan(Duration.ofSeconds(30));
    assertThat(h.lines("slow")).contains("##[error]The action has timed out.");
    assertThat(h.output("after")).containsExactly("cleanup");
  }

  @Test
  @Timeout(60)
  void jobDeadlineStopsTheRunningStepFailsTheJobAndStillRunsAlwaysSteps() throws Exception {
    h.jobTime = Duration.ofSeconds(2);
    JobOutcome out = h.run("""
        on: push
        jobs:
          j:
            runs-on: ubuntu-latest
            timeout-minutes: 1
            steps:
              - id: slow
                run: sleep 300
              - id: normal
                run: echo never
              - id: on-cancel
                if: cancelled()
                run: echo "cancelled() is true"
              - id: cleanup
                if: always()
                run: echo cleanup
        """);
    assertThat(out.result()).isEqualTo(Conclusion.FAILURE);
    assertThat(h.outcome("slow")).isEqualTo(Conclusion.FAILURE);
    assertThat(h.conclusion("normal")).isEqualTo(Conclusion.SKIPPED);
    assertThat(h.output("on-cancel")).containsExactly("cancelled() is true");
    assertThat(h.output("cleanup")).containsExactly("cleanup");
    assertThat(h.lines(null)).contains("##[error]The job has exceeded the maximum execution time of 1 minutes.");
  }

  @Test
  @Timeout(60)
  void cancellationMidStepCancelsItAndRunsOnlyAlwaysAndCancelledSteps() throws Exception {
    h.onEvent = e -> {
      if (e instanceof RunEvent.LogLine l && "started".equals(l.text())) {
        Thread.ofVirtual().start(() -> h.cancellation.cancel(Cancellation.Reason.CANCELLED, "cancelled by test"));
      }
    };
    JobOutcome out = h.run(StepHarness.job("""
        - id: long
          run: |
            echo started
            sleep 300
        - id: normal
          run: echo never
        - id: on-cancel
          if: cancelled()
          run: echo "on-cancel"
        - id: cleanup
          if: always()
          run: echo cleanup
        """));
    assertThat(out.result()).isEqualTo(Conclusion.CANCELLED);
    assertThat(h.outcome("long")).isEqualTo(Conclusion.CANCELLED);
    assertThat(h.finished("long").duration()).isLessThan(Duration.ofSeconds(30));
    assertThat(h.conclusion("normal")).isEqualTo(Conclusion.SKIPPED);
    assertThat(h.output("on-cancel")).containsExactly("on-cancel");
    assertThat(h.output("cleanup")).containsExactly("cleanup");
  }

  @Test
  void everyStartedStepIsFinishedExactlyOnceInOrder() throws Exception {
    h.run(StepHarness.job("""
        - id: a
          run: exit 1
        - id: b
          run: echo skipped
        - id: c
          if: always()
          run: "true"
        """));
    List<String> order = h.events.stream()
        .filter(e -> e instanceof RunEvent.StepStarted || e instanceof RunEvent.StepFinished)
        .map(e -> e instanceof RunEvent.StepStarted s ? "start " + s.stepId() : "finish " + ((RunEvent.StepFinished) e).stepId())
        .toList();
    assertThat(order).containsExactly("start a", "finish a", "start b", "finish b", "start c", "finish c");
  }

  @Test
  void checkoutIsANoOpAndAnActionMissingFromTheStoreFailsWithTheFetchCommand() throws Exception {
    JobOutcome out = h.run(StepHarness.job("""
        - id: co
          uses: actions/checkout@v4
        - id: other
          uses: actions/setup-node@v4
        """));
    assertThat(out.result()).isEqualTo(Conclusion.FAILURE);
    assertThat(h.conclusion("co")).isEqualTo(Conclusion.SUCCESS);
    assertThat(h.lines("co")).anyMatch(l -> l.contains("nothing to do"));
    assertThat(h.conclusion("other")).isEqualTo(Conclusion.FAILURE);
    assertThat(h.annotations()).extracting(RunEvent.Annotation::message)
        .anyMatch(m -> m.contains("Fetch it once with: hearth actions fetch actions/setup-node@v4"));
  }

  @Test
  void continueOnErrorAndTimeoutMayBeExpressions() throws Exception {
    h.vars.put("LENIENT", "true");
    JobOutcome out = h.run(StepHarness.job("""
        - id: s
          continue-on-error: ${{ vars.LENIENT == 'true' }}
          timeout-minutes: ${{ fromJSON('2') }}
          run: exit 2
        """));
    assertThat(out.result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(h.finished("s").outcome()).isEqualTo(Conclusion.FAILURE);
  }

  @Test
  void anExpressionThatFailsToEvaluateFailsTheStep() throws Exception {
    h.run(StepHarness.job("""
        - id: s
          run: echo ${{ fromJSON('not json') }}
        """));
    assertThat(h.outcome("s")).isEqualTo(Conclusion.FAILURE);
    assertThat(h.annotations()).hasSize(1);
  }

  @Test
  @Timeout(60)
  void anInterruptOutsideTheCancellationFinishesTheStepThenThrows() throws Exception {
    Thread runner = Thread.currentThread();
    h.onEvent = e -> {
      if (e instanceof RunEvent.LogLine l && "started".equals(l.text())) runner.interrupt();
    };
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.run(StepHarness.job("""
        - id: long
          run: |
            echo started
            sleep 300
        - id: never
          if: always()
          run: echo never
        """))).isInstanceOf(InterruptedException.class);
    assertThat(h.outcome("long")).isEqualTo(Conclusion.CANCELLED);
    assertThat(h.events).noneMatch(e -> e instanceof RunEvent.StepStarted s && s.stepId().equals("never"));
  }

  @Test
  void aMissingWorkingDirectoryFailsTheStepWithTheReason() throws Exception {
    h.run(StepHarness.job("""
        - id: s
          working-directory: does/not/exist
          run: echo hi
        """));
    assertThat(h.outcome("s")).isEqualTo(Conclusion.FAILURE);
    assertThat(h.lines("s")).anyMatch(l -> l.startsWith("##[error]") && l.contains("does/not/exist"));
  }
}
