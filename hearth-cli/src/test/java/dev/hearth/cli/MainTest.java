package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void versionNamesHearthAndTheJava() {
    CliRun run = CliRun.of("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("hearth 0.").contains("Java " + Runtime.version().feature());
  }

  @Test
  void helpListsTheCommands() {
    CliRun run = CliRun.of("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: hearth", "validate", "help");
  }

  @Test
  void helpCommandDescribesOneCommand() {
    CliRun run = CliRun.of("help", "validate");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: hearth validate");
  }

  @Test
  void unknownCommandIsAUsageErrorWithoutStackTrace() {
    CliRun run = CliRun.of("frobnicate");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unmatched argument").doesNotContain("Exception");
  }
}
