package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
  @TempDir Path dir;

  private Path context(String json) throws IOException {
    return Files.writeString(dir.resolve("ctx.json"), json);
  }

  @Test
  void printsTheValueAsJson() {
    CliRun run = CliRun.of("eval", "fromJSON('{\"a\": [1, true, null]}')");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("{\n  \"a\": [\n    1,\n    true,\n    null\n  ]\n}\n");
  }

  @Test
  void readsContextsFromAFile() throws IOException {
    Path ctx = context("{\"github\": {\"ref\": \"refs/heads/main\", \"event_name\": \"push\"}}");
    CliRun run = CliRun.of("eval", "github.event_name == 'push' && startsWith(github.ref, 'refs/heads/')",
        "--context", ctx.toString());
    assertThat(run.out()).isEqualTo("true\n");
  }

  @Test
  void interpolatesTextWithExpressions() throws IOException {
    Path ctx = context("{\"matrix\": {\"os\": \"debian\"}}");
    CliRun run = CliRun.of("eval", "build on ${{ matrix.os }}", "--context", ctx.toString());
    assertThat(run.out()).isEqualTo("\"build on debian\"\n");
  }

  @Test
  void statusFunctionsFollowTheStatusOption() {
    assertThat(CliRun.of("eval", "failure()", "--status", "failure").out()).isEqualTo("true\n");
    assertThat(CliRun.of("eval", "success()", "--status", "failure").out()).isEqualTo("false\n");
  }

  @Test
  void syntaxErrorPointsAtTheColumn() {
    CliRun run = CliRun.of("eval", "1 == (2");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("hearth eval: Unexpected end of expression: '2'. Located at position 7 "
        + "within expression: 1 == (2\n  1 == (2\n        ^\n");
  }

  @Test
  void brokenContextFileIsNamedWithLineAndColumn() throws IOException {
    Path ctx = context("{\"github\": \n  {\"ref\": }\n}");
    CliRun run = CliRun.of("eval", "github.ref", "--context", ctx.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("hearth eval: " + ctx + ":2:").contains("not valid JSON");
  }

  @Test
  void contextThatIsNotAnObjectIsRefused() throws IOException {
    Path ctx = context("[1, 2]");
    CliRun run = CliRun.of("eval", "github", "--context", ctx.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("must be a JSON object");
  }

  @Test
  void unknownStatusIsRefused() {
    CliRun run = CliRun.of("eval", "success()", "--status", "green");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--status must be success, failure or cancelled, not 'green'");
  }
}
