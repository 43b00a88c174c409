package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.testing.SecretForms;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never reach the {@code --json} event stream of {@code hearth run} (nor its stderr), however
 * a workflow on the host provider prints them: from env, from a file, multi-line ones line by line,
 * base64 at every offset inside a longer text, URL-encoded, JSON-quoted; in log lines, step summaries,
 * annotations and job outputs. (API responses of {@code hearth serve} come with the server.)
 */
@Timeout(120)
class SecretLeakTest {
  static final String TOKEN = "t0p-S3cr3t~value*42";
  static final String LINE_1 = "first-line-of-the-key";
  static final String LINE_2 = "second-line-of-the-key";

  @TempDir Path dir;
  private Repo repo;

  @BeforeEach
  void repo() throws Exception {
    repo = Repo.init(dir.resolve("repo"), "main");
  }

  /** Every form of every secret that must not be visible. */
  static List<String> forbidden() {
    List<String> out = new ArrayList<>(List.of(TOKEN, LINE_1, LINE_2, SecretForms.MASKED_AT_RUNTIME, "\"" + TOKEN + "\""));
    out.addAll(SecretForms.urlEncoded(TOKEN));
    for (String value : List.of(TOKEN, LINE_1, LINE_2)) out.addAll(SecretForms.base64AtEveryOffset(value));
    return out;
  }

  @Test
  void noSecretOrEncodingOfOneIsVisibleInTheEventStream() throws Exception {
    repo.workflow("leak.yml", SecretForms.leakWorkflow());
    repo.commit();
    Path secrets = repo.file("../secrets.env", "TOKEN=" + TOKEN + "\nMULTI=\"" + LINE_1 + "\\n" + LINE_2 + "\"\n");

    CliRun run = CliRun.of("run", "-C", repo.dir().toString(), "--provider", "host", "--json",
        "--secret-file", secrets.toString());

    EventStream events = EventStream.parse(run.out());
    assertThat(events.logText()).as("the steps ran and printed").contains("env: ***", "file: ***", "later: ***");
    assertThat(events.ofType("step.summary")).isNotEmpty();
    assertThat(events.ofType("annotation")).hasSizeGreaterThanOrEqualTo(3);
    for (String form : forbidden()) {
      assertThat(run.out()).as("the event stream shows '%s'", form).doesNotContain(form);
      assertThat(run.err()).as("stderr shows '%s'", form).doesNotContain(form);
    }
  }
}
