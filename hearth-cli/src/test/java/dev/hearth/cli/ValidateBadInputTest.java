package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken files given to {@code hearth validate}: each gets one clear, positioned error
 * and exit 2 — never a stack trace, never a hang. The timeouts are wide; the issue's bound is 2 s.
 */
@Timeout(30)
class ValidateBadInputTest {
  @TempDir Path dir;

  private CliRun validate(String name, byte[] content) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, content);
    return CliRun.of("validate", file.toString());
  }

  private CliRun validate(String name, String content) throws IOException {
    return validate(name, content.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertCleanError(CliRun run, String expected) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.out()).contains(expected);
    assertThat(run.out() + run.err()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void fiftyMegabyteFileIsRejectedBySize() throws IOException {
    StringBuilder b = new StringBuilder("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n");
    String step = "      - run: echo " + "x".repeat(80) + "\n";
    while (b.length() < 50 * 1024 * 1024) b.append(step);
    CliRun run = validate("big.yml", b.toString());
    assertCleanError(run, "big.yml: The maximum file size of");
  }

  @Test
  void aliasBombIsRejected() throws IOException {
    StringBuilder b = new StringBuilder("on: push\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
      b.append("x").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) b.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      b.append("]\n");
    }
    CliRun run = validate("bomb.yml", b.toString());
    assertCleanError(run, "Maximum object size exceeded");
  }

  @Test
  void tenThousandNestedParenthesesAreAPositionedError() throws IOException {
    String expr = "(".repeat(10_000) + "1" + ")".repeat(10_000);
    String wf = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - if: ${{ " + expr + " }}\n        run: echo\n";
    CliRun run = validate("parens.yml", wf);
    assertCleanError(run, "parens.yml:6:");
  }

  @Test
  void nonUtf8FileIsNamed() throws IOException {
    byte[] latin1 = "on: push\nname: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    CliRun run = validate("latin1.yml", latin1);
    assertCleanError(run, "latin1.yml:2:10: the file is not UTF-8 text");
  }

  @Test
  void binaryFileIsNamed() throws IOException {
    byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xfe};
    CliRun run = validate("binary.yml", elf);
    assertCleanError(run, "binary file");
  }

  @Test
  void emptyFileLacksJobs() throws IOException {
    CliRun run = validate("empty.yml", "");
    assertCleanError(run, "empty.yml");
    assertThat(run.out()).contains("jobs");
  }

  @Test
  void missingPathIsNamed() {
    CliRun run = CliRun.of("validate", dir.resolve("nope.yml").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("nope.yml: no such file or directory");
  }
}
