package dev.hearth.engine.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.engine.Conclusion;
import dev.hearth.engine.RunEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Workflow commands and masking on a step's real output. */
class JobRunnerCommandsTest extends HarnessedTest {
  @Test
  void annotationsCarryTheirPropertiesAndAreLogged() throws Exception {
    h.run(StepHarness.job("""
        - id: s
          run: |
            echo "::error file=src/a.c,line=3,col=5,endLine=3,endColumn=9,title=Bad%2C bad::it broke%0Ahere"
            echo "::warning::careful"
            echo "::notice title=FYI::note" >&2
        """));
    // stdout and stderr are separate pipes: their relative order is not defined
    assertThat(h.annotations()).extracting(RunEvent.Annotation::level).containsExactlyInAnyOrder("error", "warning", "notice");
    RunEvent.Annotation error = h.annotations().stream().filter(a -> a.level().equals("error")).findFirst().orElseThrow();
    assertThat(error.message()).isEqualTo("it broke\nhere");
    assertThat(error.properties()).isEqualTo(Map.of("file", "src/a.c", "line", "3", "col", "5",
        "endLine", "3", "endColumn", "9", "title", "Bad, bad"));
    assertThat(h.lines("s")).contains("##[warning]careful", "##[notice]note");
    assertThat(h.outcome("s")).isEqualTo(Conclusion.SUCCESS);
  }

  @Test
  void addMaskHidesTheValueInLaterLinesAndIsNotEchoed() throws Exception {
    h.run(StepHarness.job("""
        - id: s
          run: |
            echo "before abc123xyz"
            echo "::add-mask::abc123xyz"
            echo "after abc123xyz"
        - id: later
          run: echo "still abc123xyz"
        """));
    assertThat(h.output("s")).containsExactly("before abc123xyz", "after ***");
    assertThat(h.output("later")).containsExactly("still ***");
  }

  @Test
  void secretsAreMaskedIncludingEachLineOfAMultiLineSecret() throws Exception {
    h.secrets.put("KEY", "-----BEGIN-----\nAAAAsecretline\n-----END-----");
    h.secrets.put("SHORT", "pw");
    h.run(StepHarness.job("""
        - id: s
          name: uses ${{ secrets.SHORT }}
          env:
            KEY: ${{ secrets.KEY }}
          run: |
            printf '%s\\n' "$KEY"
            echo "only AAAAsecretline here"
            echo "::warning title=pw::pw in a warning"
        """));
    assertThat(h.output("s")).containsExactly("***", "***", "***", "only *** here");
    assertThat(h.allText()).noneMatch(t -> t.contains("AAAAsecretline") || t.contains("pw"));
  }

  @Test
  void debugLinesShowOnlyWithStepDebug() throws Exception {
    String yaml = StepHarness.job("""
        - id: s
          run: echo "::debug::details"
        """);
    h.run(yaml);
    assertThat(h.lines("s")).doesNotContain("##[debug]details");
    h.events.clear();
    h.secrets.put("ACTIONS_STEP_DEBUG", "true");
    h.run(yaml);
    assertThat(h.lines("s")).contains("##[debug]details");
  }

  @Test
  void groupsPassThroughAsLogMarkers() throws Exception {
    h.run(StepHarness.job("""
        - id: s
          run: |
            echo "::group::Setup"
            echo inside
            echo "::endgroup::"
        """));
    assertThat(h.output("s")).containsExactly("##[group]Setup", "inside", "##[endgroup]");
  }

  @Test
  void stopCommandsTurnsCommandsIntoPlainOutputUntilTheToken() throws Exception {
    h.run(StepHarness.job("""
        - id: s
          run: |
            echo "::stop-commands::pause-123"
            echo "::error::not an error"
            echo "::add-mask::notmasked"
            echo "notmasked"
            echo "::pause-123::"
            echo "::error::a real error"
        """));
    assertThat(h.annotations()).extracting(RunEvent.Annotation::message).containsExactly("a real error");
    assertThat(h.output("s")).contains("::error::not an error", "notmasked");
  }

  @Test
  void setOutputStillWorksWithGitHubsDeprecationWarning() throws Exception {
    h.run(StepHarness.job("""
        - id: s
          run: echo "::set-output name=x::42"
        - id: t
          run: echo "${{ steps.s.outputs.x }}"
        """));
    assertThat(h.output("t")).containsExactly("42");
    assertThat(h.annotations()).extracting(RunEvent.Annotation::message).containsExactly(StepOutput.SET_OUTPUT_DEPRECATED);
  }

  @Test
  void setEnvIsDisabledAndFailsTheStep() throws Exception {
    h.run(StepHarness.job("""
        - id: s
          run: echo "::set-env name=X::1"
        """));
    assertThat(h.outcome("s")).isEqualTo(Conclusion.FAILURE);
    assertThat(h.lines("s")).contains("##[error]Unable to process command '::set-env name=X::1' successfully.",
        "##[error]" + String.format(StepOutput.UNSECURE_DISABLED, "set-env"));
  }

  @Test
  void aMaskAddedInOneJobHidesTheValueInLaterJobsSharingTheMasker() throws Exception {
    h.masker = new Masker();
    h.run(StepHarness.job("""
        - run: echo "::add-mask::job-one-value"
        """));
    h.events.clear();
    h.run(StepHarness.job("""
        - id: s
          run: echo "job-one-value"
        """));
    assertThat(h.output("s")).containsExactly("***");
  }

  @Test
  void echoOnShowsCommandLinesExceptMasksAndAnnotations() throws Exception {
    h.run(StepHarness.job("""
        - id: s
          run: |
            echo "::echo::on"
            echo "::group::G"
            echo "::add-mask::hideme"
            echo "::warning::w"
            echo "::echo::off"
            echo "::endgroup::"
        """));
    assertThat(h.output("s")).containsExactly("::group::G", "##[group]G", "::add-mask::***", "::echo::off", "##[endgroup]");
  }
}
