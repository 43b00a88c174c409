package dev.hearth.engine.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.engine.Conclusion;
import dev.hearth.engine.RunEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Environment layering, file commands and the steps context, in a real host VM. */
class JobRunnerEnvironmentTest extends HarnessedTest {
  @Test
  void eachEnvLayerOverridesTheOnesBefore() throws Exception {
    h.run("""
        on: push
        env:
          FROM_BASE: workflow
          A: workflow
          B: workflow
          C: workflow
          D: workflow
        jobs:
          j:
            runs-on: ubuntu-latest
            env:
              B: job
              C: job
              D: job
            steps:
              - run: echo "C=from-github-env" >> "$GITHUB_ENV"
              - id: show
                env:
                  D: step
                run: echo "$CI $FROM_BASE $A $B $C $D"
              - id: context
                env:
                  D: step
                run: echo "${{ env.A }} ${{ env.B }} ${{ env.C }} ${{ env.D }} [${{ env.CI }}]"
        """);
    assertThat(h.output("show")).containsExactly("true workflow workflow job from-github-env step");
    assertThat(h.output("context")).containsExactly("workflow job from-github-env step []");
  }

  @Test
  void githubEnvTakesMultiLineValuesAndStepEnvStillWins() throws Exception {
    h.run(StepHarness.job("""
        - run: |
            echo "MULTI<<EOF" >> "$GITHUB_ENV"
            echo "line 1" >> "$GITHUB_ENV"
            echo "line 2" >> "$GITHUB_ENV"
            echo "EOF" >> "$GITHUB_ENV"
            echo "PLAIN=a=b" >> "$GITHUB_ENV"
        - id: later
          run: |
            printf '%s\\n' "$MULTI"
            echo "$PLAIN"
        - id: overridden
          env:
            PLAIN: step
          run: echo "$PLAIN"
        """));
    assertThat(h.output("later")).containsExactly("line 1", "line 2", "a=b");
    assertThat(h.output("overridden")).containsExactly("step");
  }

  @Test
  void githubEnvWithoutItsDelimiterFailsTheStepWithGitHubsMessage() throws Exception {
    JobOutcome out = h.run(StepHarness.job("""
        - id: bad
          run: printf 'X<<EOF\\nvalue\\n' >> "$GITHUB_ENV"
        """));
    assertThat(out.result()).isEqualTo(Conclusion.FAILURE);
    assertThat(h.lines("bad")).contains("##[error]Unable to process file command 'env' successfully.",
        "##[error]Invalid value. Matching delimiter not found 'EOF'",
        "##[error](line 1 of the step's $GITHUB_ENV file)");
  }

  @Test
  void githubOutputFeedsTheStepsContextAndJobOutputs() throws Exception {
    JobOutcome out = h.run("""
        on: push
        jobs:
          j:
            runs-on: ubuntu-latest
            outputs:
              greeting: ${{ steps.produce.outputs.greeting }}
              body: ${{ steps.produce.outputs.body }}
            steps:
              - id: produce
                run: |
                  echo "greeting=hello" >> "$GITHUB_OUTPUT"
                  { echo "body<<END"; echo "a"; echo "b"; echo "END"; } >> "$GITHUB_OUTPUT"
              - id: consume
                run: echo "${{ steps.produce.outputs.greeting }} ${{ steps.produce.outcome }} ${{ steps.produce.conclusion }}"
        """);
    assertThat(h.output("consume")).containsExactly("hello success success");
    assertThat(out.outputs()).containsEntry("greeting", "hello").containsEntry("body", "a\nb");
  }

  @Test
  void githubPathPrependsForLaterStepsLastAddedFirst() throws Exception {
    h.run(StepHarness.job("""
        - run: |
            mkdir -p "$RUNNER_TEMP/one" "$RUNNER_TEMP/two"
            printf '#!/bin/sh\\necho from-one\\n' > "$RUNNER_TEMP/one/hello"
            printf '#!/bin/sh\\necho from-two\\n' > "$RUNNER_TEMP/two/hello"
            chmod +x "$RUNNER_TEMP/one/hello" "$RUNNER_TEMP/two/hello"
            echo "$RUNNER_TEMP/one" >> "$GITHUB_PATH"
            echo "$RUNNER_TEMP/two" >> "$GITHUB_PATH"
        - id: later
          run: |
            hello
            echo "$PATH" | cut -d: -f1,2 | sed "s|$RUNNER_TEMP|T|g"
        """));
    assertThat(h.output("later")).containsExactly("from-two", "T/two:T/one");
  }

  @Test
  void stepSummaryIsCollectedMaskedPerStep() throws Exception {
    h.secrets.put("TOKEN", "s3cr3t-value");
    JobOutcome out = h.run(StepHarness.job("""
        - id: sum
          env:
            T: ${{ secrets.TOKEN }}
          run: |
            echo "# Report" >> "$GITHUB_STEP_SUMMARY"
            echo "token: $T" >> "$GITHUB_STEP_SUMMARY"
        - id: none
          run: "true"
        """));
    assertThat(out.stepSummaries()).containsOnlyKeys("sum");
    assertThat(out.stepSummaries().get("sum")).isEqualTo("# Report\ntoken: ***\n");
  }

  @Test
  void stepSummaryReachesListenersMaskedBeforeItsStepFinished() throws Exception {
    h.secrets.put("TOKEN", "s3cr3t-value");
    h.run(StepHarness.job("""
        - id: sum
          env:
            T: ${{ secrets.TOKEN }}
          run: |
            echo "token: $T" >> "$GITHUB_STEP_SUMMARY"
        - id: none
          run: "true"
        """));
    List<RunEvent> sumEvents = h.events.stream().filter(e -> e instanceof RunEvent.StepSummary
        || e instanceof RunEvent.StepFinished f && f.stepId().equals("sum")).toList();
    assertThat(sumEvents).hasSize(2);
    assertThat(sumEvents.get(0)).isInstanceOfSatisfying(RunEvent.StepSummary.class, s -> {
      assertThat(s.runId()).isEqualTo("run-1");
      assertThat(s.jobId()).isEqualTo("j");
      assertThat(s.stepId()).isEqualTo("sum");
      assertThat(s.markdown()).isEqualTo("token: ***\n");
    });
    assertThat(sumEvents.get(1)).isInstanceOf(RunEvent.StepFinished.class);
  }

  @Test
  void eachStepGetsFreshFileCommandFiles() throws Exception {
    h.run(StepHarness.job("""
        - run: echo "A=1" >> "$GITHUB_OUTPUT"
        - id: second
          run: wc -c < "$GITHUB_OUTPUT" | tr -d ' '
        """));
    assertThat(h.output("second")).containsExactly("0");
  }

  @Test
  void fileCommandFilesExistEmptyWhenTheStepStarts() throws Exception {
    h.run(StepHarness.job("""
        - id: s
          run: |
            for f in "$GITHUB_ENV" "$GITHUB_OUTPUT" "$GITHUB_STATE" "$GITHUB_PATH" "$GITHUB_STEP_SUMMARY"; do
              [ -f "$f" ] && [ ! -s "$f" ] && echo empty
            done
        """));
    assertThat(h.output("s")).containsExactly("empty", "empty", "empty", "empty", "empty");
  }

  @Test
  void launchersReportOfWrittenFilesNeverReachesTheLog() throws Exception {
    h.run(StepHarness.job("""
        - id: s
          run: |
            echo "A=1" >> "$GITHUB_OUTPUT"
            echo "to stderr" >&2
        """));
    assertThat(h.output("s")).containsExactly("to stderr");
    assertThat(h.lines("s")).noneMatch(l -> l.contains("hearth-file-commands"));
  }

  @Test
  void onlyTheFilesAStepWroteAreApplied() throws Exception {
    h.run(StepHarness.job("""
        - id: one
          run: |
            echo "X=from-env" >> "$GITHUB_ENV"
            echo "## sum" >> "$GITHUB_STEP_SUMMARY"
        - id: two
          run: |
            echo "out=2" >> "$GITHUB_OUTPUT"
            echo "$X"
        - id: three
          run: echo "${{ steps.two.outputs.out }} ${{ steps.one.outputs.out }}."
        """));
    assertThat(h.output("two")).containsExactly("from-env");
    assertThat(h.output("three")).containsExactly("2 .");
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aTimedOutStepsFileCommandsAreStillRead() throws Exception {
    h.run(StepHarness.job("""
        - id: slow
          timeout-minutes: 0.02
          continue-on-error: true
          run: |
            echo "Y=written-before-the-timeout" >> "$GITHUB_ENV"
            sleep 300
        - id: after
          run: echo "$Y"
        """));
    assertThat(h.outcome("slow")).isEqualTo(Conclusion.FAILURE);
    assertThat(h.output("after")).containsExactly("written-before-the-timeout");
  }

  @Test
  void jobOutputHoldingASecretIsDroppedWithAWarning() throws Exception {
    h.secrets.put("TOKEN", "hunter22");
    JobOutcome out = h.run("""
        on: push
        jobs:
          j:
            runs-on: ubuntu-latest
            outputs:
              leaked: ${{ steps.s.outputs.t }}
              fine: ${{ steps.s.outputs.ok }}
            steps:
              - id: s
                env:
                  T: ${{ secrets.TOKEN }}
                run: |
                  echo "t=$T" >> "$GITHUB_OUTPUT"
                  echo "ok=yes" >> "$GITHUB_OUTPUT"
        """);
    assertThat(out.outputs()).containsExactly(java.util.Map.entry("fine", "yes"));
    assertThat(h.lines(null)).contains("##[warning]Skip output 'leaked' since it may contain secret.");
  }

  @Test
  void expressionsSeeMatrixGithubAndVars() throws Exception {
    h.vars.put("GREETING", "hi");
    h.run(StepHarness.job("""
        - id: s
          name: Build on ${{ matrix.version }}
          run: echo "${{ vars.GREETING }} ${{ github.repository }} ${{ matrix.version }}"
        """));
    assertThat(h.output("s")).containsExactly("hi acme/app 21");
    assertThat(h.events).anyMatch(e -> e instanceof dev.hearth.engine.RunEvent.StepStarted s && s.stepName().equals("Build on 21"));
  }
}
