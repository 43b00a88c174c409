package dev.hearth.engine.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.engine.Conclusion;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Shells, their exact flags and where scripts run, in a real host VM. */
class JobRunnerShellTest extends HarnessedTest {
  @Test
  void namedBashRunsWithPipefailAndUnnamedDefaultDoesNot() throws Exception {
    JobOutcome out = h.run(StepHarness.job("""
        - id: named
          shell: bash
          run: set -o | grep -E '^(pipefail|errexit)' | tr -s ' \\t' ' '
        - id: unnamed
          run: set -o | grep -E '^(pipefail|errexit)' | tr -s ' \\t' ' '
        """));
    assertThat(out.result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(h.output("named")).containsExactly("errexit on", "pipefail on");
    assertThat(h.output("unnamed")).containsExactly("errexit on", "pipefail off");
  }

  @Test
  void namedBashFailsOnAFailingPipelineStageAndUnnamedDoesNot() throws Exception {
    h.run(StepHarness.job("""
        - id: named
          shell: bash
          continue-on-error: true
          run: false | true
        - id: unnamed
          run: false | true
        """));
    assertThat(h.outcome("named")).isEqualTo(Conclusion.FAILURE);
    assertThat(h.outcome("unnamed")).isEqualTo(Conclusion.SUCCESS);
  }

  @Test
  void scriptFileIsInRunnerTempWithGitHubsExtension() throws Exception {
    h.run(StepHarness.job("""
        - id: sh
          shell: sh
          run: echo "$0"
        - id: custom
          shell: bash -x {0}
          run: echo "$0"
        - id: other
          shell: env sh -c 'echo "file=$0"' {0}
          run: ignored
        """));
    assertThat(h.output("sh")).singleElement().asString().startsWith(h.vm.workDir() + "/_temp/").endsWith(".sh");
    assertThat(h.output("custom")).anyMatch(l -> l.startsWith(h.vm.workDir() + "/_temp/") && l.endsWith(".sh"));
    assertThat(h.output("custom")).anyMatch(l -> l.startsWith("+ echo")); // -x from the template
    assertThat(h.output("other")).singleElement().asString().startsWith("file=").doesNotEndWith(".sh");
  }

  @ParameterizedTest(name = "{0} bytes of padding")
  @ValueSource(ints = {0, ScriptStep.ARGUMENT_SCRIPT})
  void scriptFileHoldsTheScriptByteForByte(int padding) throws Exception {
    String first = "#  leading blanks, a \\backslash, 'quotes' and \"more\" x" + "x".repeat(padding);
    String script = first + "\ncat \"$0\"\necho\nwc -c < \"$0\""; // no newline at the end
    h.run(StepHarness.job("""
        - id: s
          shell: sh
          run: |-
        %s
        """.formatted(script.indent(4))));
    assertThat(h.output("s")).containsExactly(first, "cat \"$0\"", "echo", "wc -c < \"$0\"",
        String.valueOf(script.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
  }

  @Test
  void shStopsAtTheFirstFailingCommand() throws Exception {
    JobOutcome out = h.run(StepHarness.job("""
        - id: s
          shell: sh
          run: |
            echo one
            false
            echo two
        """));
    assertThat(out.result()).isEqualTo(Conclusion.FAILURE);
    assertThat(h.output("s")).containsExactly("one");
    assertThat(h.lines("s")).contains("##[error]Process completed with exit code 1.");
  }

  @Test
  void customShellWithoutPlaceholderFailsTheStepClearly() throws Exception {
    h.run(StepHarness.job("""
        - id: s
          shell: bash -e
          run: echo hi
        """));
    assertThat(h.outcome("s")).isEqualTo(Conclusion.FAILURE);
    assertThat(h.lines("s")).anyMatch(l -> l.contains("{0}"));
  }

  @Test
  void missingShellProgramFailsClearly() throws Exception {
    h.run(StepHarness.job("""
        - id: s
          shell: no-such-shell-xyz {0}
          run: echo hi
        """));
    assertThat(h.outcome("s")).isEqualTo(Conclusion.FAILURE);
    assertThat(h.lines("s")).anyMatch(l -> l.contains("'no-such-shell-xyz' was not found"));
  }

  @Test
  void pythonShellRunsAPyFileWhenPythonIsInstalled() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(onPath("python"), "no 'python' on this host");
    h.run(StepHarness.job("""
        - id: py
          shell: python
          run: |
            import sys
            print(sys.argv[0].endswith('.py'))
        """));
    assertThat(h.output("py")).containsExactly("True");
  }

  @Test
  void pythonShellFallsBackToPython3WhenPythonIsMissing() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(onPath("python3"), "no 'python3' on this host");
    JobOutcome out = h.run(StepHarness.job("""
        - run: |
            mkdir -p "$RUNNER_TEMP/py3"
            for p in sh mkdir cat; do ln -s "$(command -v $p)" "$RUNNER_TEMP/py3/$p"; done
            ln -s "$(python3 -c 'import sys; print(sys.executable)')" "$RUNNER_TEMP/py3/python3"
            echo "PY3=$RUNNER_TEMP/py3" >> "$GITHUB_ENV"
        - id: py
          shell: python
          env:
            PATH: ${{ env.PY3 }}
          run: |
            import sys
            print(sys.argv[0].endswith('.py'), sys.version_info[0])
        """));
    assertThat(out.result()).as("%s", h.allText()).isEqualTo(Conclusion.SUCCESS);
    assertThat(h.output("py")).containsExactly("True 3");
    assertThat(h.lines("py")).contains("shell: python {0}", "'python3' runs the script: python is not installed in the VM");
  }

  @Test
  void workingDirectoryIsRelativeToTheWorkspaceAndDefaultsMergeKeyByKey() throws Exception {
    h.run("""
        on: push
        defaults:
          run:
            shell: sh
            working-directory: wf-dir
        jobs:
          j:
            runs-on: ubuntu-latest
            defaults:
              run:
                working-directory: job-dir
            steps:
              - run: mkdir -p job-dir/sub wf-dir
                working-directory: .
              - id: job-default
                run: echo "$(pwd) $0"
              - id: own
                working-directory: job-dir/sub
                run: pwd
        """);
    assertThat(h.output("job-default")).singleElement().asString()
        .startsWith(h.workspace + "/job-dir ").endsWith(".sh");
    assertThat(h.output("own")).containsExactly(h.workspace + "/job-dir/sub");
  }

  @Test
  void defaultWorkingDirectoryIsTheWorkspace() throws Exception {
    h.run(StepHarness.job("""
        - id: s
          run: pwd
        """));
    assertThat(h.output("s")).containsExactly(h.workspace);
  }

  @Test
  void unnamedDefaultFallsBackToShWhenBashIsMissing() throws Exception {
    h.run(StepHarness.job("""
        - run: |
            mkdir -p "$RUNNER_TEMP/nobash"
            for p in sh mkdir cat; do ln -s "$(command -v $p)" "$RUNNER_TEMP/nobash/$p"; done
            echo "NOBASH=$RUNNER_TEMP/nobash" >> "$GITHUB_ENV"
        - id: s
          env:
            PATH: ${{ env.NOBASH }}
          run: echo "bash=${BASH_VERSION:-none} $0"
        """));
    assertThat(h.output("s")).singleElement().asString().startsWith("bash=none ").endsWith(".sh");
  }

  @Test
  void pwshFailsClearlyWhenNotInstalled() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse(onPath("pwsh"), "pwsh is installed on this host");
    h.run(StepHarness.job("""
        - id: ps
          shell: pwsh
          run: Write-Output hi
        """));
    assertThat(h.outcome("ps")).isEqualTo(Conclusion.FAILURE);
    assertThat(h.lines("ps")).contains("##[error]The shell 'pwsh' was not found on the step's PATH in the VM;"
        + " install it in the VM image or choose another 'shell'.");
  }

  static boolean onPath(String program) {
    for (String dir : StepHarness.path().split(":")) {
      if (java.nio.file.Files.isExecutable(Path.of(dir, program))) return true;
    }
    return false;
  }
}
