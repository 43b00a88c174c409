package dev.hearth.engine.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShellCommandTest {

  @ParameterizedTest(name = "shell: {0} → {1}")
  @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
      null                  | bash -e /t/s.sh                              | .sh
      bash                  | bash --noprofile --norc -eo pipefail /t/s.sh | .sh
      sh                    | sh -e /t/s.sh                                | .sh
      python                | python /t/s.py                               | .py
      pwsh                  | pwsh -command . '/t/s.ps1'                   | .ps1
      'bash -x {0}'         | bash -x /t/s.sh                              | .sh
      'perl -w {0}'         | perl -w /t/s                                 | ''
      '/usr/bin/python3 {0}'| /usr/bin/python3 /t/s.py                     | .py
      """)
  void usesGitHubsTemplatesAndExtensions(String shell, String argv, String extension) {
    ShellCommand c = ShellCommand.parse(shell);
    assertThat(c.extension()).isEqualTo(extension);
    assertThat(String.join(" ", c.argv("/t/s" + c.extension()))).isEqualTo(argv);
  }

  @Test
  void unnamedDefaultFallsBackToShWhenBashIsMissing() {
    assertThat(ShellCommand.DEFAULT.fallback().argv("/s.sh")).containsExactly("sh", "-e", "/s.sh");
    assertThat(ShellCommand.parse("bash").fallback()).isNull();
  }

  @Test
  void pythonFallsBackToPython3WithTheSameFile() {
    ShellCommand python = ShellCommand.parse("python");
    assertThat(python.fallback().argv("/s.py")).containsExactly("python3", "/s.py");
    assertThat(python.fallback().extension()).isEqualTo(python.extension());
    assertThat(python.describe()).isEqualTo("python {0}");
  }

  @Test
  void customTemplateNeedsThePlaceholder() {
    assertThatThrownBy(() -> ShellCommand.parse("bash -e")).hasMessageContaining("{0}");
  }

  @Test
  void customTemplateKeepsQuotedWordsTogether() {
    assertThat(ShellCommand.parse("sh -c 'echo \"$0\"' {0}").argv("/f"))
        .isEqualTo(List.of("sh", "-c", "echo \"$0\"", "/f"));
  }
}
