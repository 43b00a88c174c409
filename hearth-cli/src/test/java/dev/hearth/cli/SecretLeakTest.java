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
  static final String MASKED_AT_RUNTIME = "added-mask-value-99";

  @TempDir Path dir;
  private Repo repo;

  @BeforeEach
  void repo() throws Exception {
    repo = Repo.init(dir.resolve("repo"), "main");
  }

  /** Every form of every secret that must not be visible. */
  static List<String> forbidden() {
    List<String> out = new ArrayList<>(List.of(TOKEN, LINE_1, LINE_2, MASKED_AT_RUNTIME, "\"" + TOKEN + "\""));
    out.addAll(SecretForms.urlEncoded(TOKEN));
    for (String value : List.of(TOKEN, LINE_1, LINE_2)) out.addAll(SecretForms.base64AtEveryOffset(value));
    return out;
  }

  @Test
  void noSecretOrEncodingOfOneIsVisibleInTheEventStream() throws Exception {
    repo.workflow("leak.yml", """
        on: push
        env:
          FROM_ENV: ${{ secrets.TOKEN }}
        jobs:
          leak:
            runs-on: ubuntu-latest
            outputs:
              direct: ${{ steps.out.outputs.token }}
              encoded: ${{ steps.out.outputs.b64 }}
            steps:
              - run: |
                  echo "env: $FROM_ENV"
                  env | grep FROM_ENV
                  echo "expr: ${{ secrets.TOKEN }}"
                  printf '%s' "$FROM_ENV" > secret.txt
                  echo "file: $(cat secret.txt)"
                  echo "json: {\\"t\\": \\"$FROM_ENV\\"}"
                  echo "quoted: \\"$FROM_ENV\\""
              - name: multi-line secret, line by line and whole
                env:
                  KEY: ${{ secrets.MULTI }}
                run: |
                  echo "$KEY"
                  echo "one line: $(echo "$KEY" | tr '\\n' ' ')"
              - name: encoded forms
                run: |
                  for p in "" "u" "us" "user:" "Basic x"; do printf '%s%s' "$p" "$FROM_ENV" | base64 -w0; echo; done
                  for p in "" "u" "us"; do printf '%s%s' "$p" "${{ secrets.MULTI }}" | base64 -w0; echo; done
                  urlencode() { local s="$1" i c; for ((i=0;i<${#s};i++)); do c=${s:i:1}
                    case "$c" in [a-zA-Z0-9.~_-]) printf %s "$c";; *) printf '%%%02X' "'$c";; esac; done; echo; }
                  urlencode "$FROM_ENV"
                  echo "https://x.example/?t=$(urlencode "$FROM_ENV")&v=1"
              - name: summaries and annotations
                run: |
                  echo "## summary with $FROM_ENV" >> "$GITHUB_STEP_SUMMARY"
                  echo "::error title=leak $FROM_ENV::error with $FROM_ENV"
                  echo "::warning file=x.txt,line=1::warning with ${{ secrets.MULTI }}"
                  echo "::notice::notice with $(printf %s "$FROM_ENV" | base64 -w0)"
              - name: add-mask
                run: |
                  v="added-mask-$(printf %s value-99)"
                  echo "::add-mask::$v"
                  echo "later: $v"
              - id: out
                run: |
                  echo "token=$FROM_ENV" >> "$GITHUB_OUTPUT"
                  echo "b64=$(printf %s "$FROM_ENV" | base64 -w0)" >> "$GITHUB_OUTPUT"
          after:
            needs: leak
            runs-on: ubuntu-latest
            steps:
              - run: echo "from needs ${{ needs.leak.outputs.direct }} ${{ needs.leak.outputs.encoded }}"
        """);
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
