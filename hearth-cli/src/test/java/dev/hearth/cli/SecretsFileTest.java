package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsFileTest {
  @TempDir Path dir;

  private Path file(String text) throws IOException {
    return Files.writeString(dir.resolve(".secrets"), text);
  }

  @Test
  void readsNamesAndValuesSkippingCommentsAndBlankLines() throws IOException {
    Path f = file("# tokens\n\nA=one\nexport B = two words \nC=\"line\\nbreak\"\nD='as $written'\nE=x=y\n");
    assertThat(SecretsFile.read(f)).containsExactly(Map.entry("A", "one"), Map.entry("B", "two words"),
        Map.entry("C", "line\nbreak"), Map.entry("D", "as $written"), Map.entry("E", "x=y"));
  }

  @Test
  void aLineWithoutEqualsIsNamedByFileAndLine() throws IOException {
    Path f = file("A=1\njust-a-value\n");
    assertThatThrownBy(() -> SecretsFile.read(f)).hasMessage(f + ":2: expected NAME=value");
  }

  @Test
  void anInvalidNameIsNamedByFileAndLineWithoutTheValue() throws IOException {
    Path f = file("1BAD=hunter2\n");
    assertThatThrownBy(() -> SecretsFile.read(f)).hasMessageStartingWith(f + ":1: '1BAD' is not a secret name")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void anUnclosedQuoteIsAnError() throws IOException {
    Path f = file("A=\"open\n");
    assertThatThrownBy(() -> SecretsFile.read(f)).hasMessage(f + ":1: the quoted value is not closed");
  }

  @Test
  void dashSWithoutValueReadsTheEnvironmentAndFlagsOverrideTheFile() throws IOException {
    Path f = file("A=from-file\nB=from-file\n");
    StringWriter warnings = new StringWriter();
    Map<String, String> secrets = SecretOptions.resolve(List.of("A"), f, Map.of("A", "from-env")::get,
        new PrintWriter(warnings, true));
    assertThat(secrets).containsEntry("A", "from-env").containsEntry("B", "from-file");
    assertThat(warnings.toString()).isEmpty();
  }

  @Test
  void aValueOnTheCommandLineDrawsAWarningAboutPs() throws IOException {
    StringWriter warnings = new StringWriter();
    Map<String, String> secrets = SecretOptions.resolve(List.of("A=v"), null, n -> null, new PrintWriter(warnings, true));
    assertThat(secrets).containsEntry("A", "v");
    assertThat(warnings.toString()).contains("ps");
  }

  @Test
  void dashSNamingAnUnsetVariableIsAnError() {
    assertThatThrownBy(() -> SecretOptions.resolve(List.of("NOPE"), null, n -> null, new PrintWriter(new StringWriter())))
        .hasMessage("-s NOPE: the environment has no variable NOPE");
  }
}
