package dev.hearth.server.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.server.github.CheckAnnotation.Level;
import dev.hearth.server.github.CheckRunFields.Conclusion;
import dev.hearth.server.github.CheckRunFields.Status;
import dev.hearth.testing.ManualClock;
import dev.hearth.testing.github.FakeAnnotation;
import dev.hearth.testing.github.FakeCheckRun;
import dev.hearth.testing.github.FakeGitHub;
import dev.hearth.testing.github.RecordedRequest;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CheckRunsTest {
  static final String SHA = "c".repeat(40);
  static final GitHubRepo REPO = new GitHubRepo("octo", "hello");
  final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
  final FakeGitHub github = FakeGitHub.start(clock);
  final GitHubClient client = new GitHubClient(new GitHubEndpoint(github.baseUrl(), "hearth-test"), RetryPolicy.DEFAULT,
      clock, new ClockSleeper(clock));
  final CheckRuns checkRuns = new CheckRuns(client, GitHubAuth.token(github.installationToken(1, 7)));

  @AfterEach
  void stop() {
    github.close();
  }

  static List<CheckAnnotation> annotations(int n) {
    return IntStream.rangeClosed(1, n)
        .mapToObj(i -> new CheckAnnotation("src/f" + i + ".c", i, i, null, null, Level.WARNING, "warning " + i, null))
        .toList();
  }

  static CheckRunFields completed(CheckRunOutput output) {
    return new CheckRunFields(null, null, Status.COMPLETED, Conclusion.FAILURE, null, Instant.parse("2026-03-01T12:05:00Z"),
        null, null, output);
  }

  @Test
  void moreThanFiftyAnnotationsGoInBatchesOfFiftyBeforeTheRunCompletes() throws Exception {
    long id = checkRuns.create(REPO, 7, new CheckRunFields("ci / build", SHA, Status.QUEUED, null, null, null, null, null, null));
    checkRuns.update(REPO, 7, id, completed(new CheckRunOutput("Failed", "sum", null, annotations(120))));

    FakeCheckRun run = github.checkRuns("octo", "hello").get(0);
    assertThat(run.annotations()).hasSize(120);
    assertThat(run.annotations()).extracting(FakeAnnotation::message).startsWith("warning 1", "warning 2")
        .endsWith("warning 120");
    assertThat(run.history()).extracting(s -> s.status() + ":" + s.annotationsCount())
        .containsExactly("queued:0", "queued:50", "queued:100", "completed:120");
    List<RecordedRequest> patches = github.requests().stream().filter(r -> r.method().equals("PATCH")).toList();
    assertThat(patches).hasSize(3).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
  }

  @Test
  void aCreateWithManyAnnotationsSendsTheRestInPatches() throws Exception {
    checkRuns.create(REPO, 7, new CheckRunFields("ci / lint", SHA, Status.COMPLETED, Conclusion.SUCCESS, null, null, null,
        null, new CheckRunOutput("Done", "ok", null, annotations(51))));
    FakeCheckRun run = github.checkRuns("octo", "hello").get(0);
    assertThat(run.annotations()).hasSize(51);
    assertThat(run.current().conclusion()).isEqualTo("success");
  }

  @Test
  void summariesAndTextsLongerThanGitHubTakesAreCutWithANote() throws Exception {
    String huge = "x".repeat(200_000);
    long id = checkRuns.create(REPO, 7, new CheckRunFields("ci / build", SHA, Status.IN_PROGRESS, null, null, null, null,
        null, null));
    checkRuns.update(REPO, 7, id, completed(new CheckRunOutput("Failed", huge, huge, List.of())));
    var state = github.checkRuns("octo", "hello").get(0).current();
    assertThat(state.summary()).hasSize(CheckRunOutput.MAX_MARKDOWN).endsWith("at most 65,535 characters here)");
    assertThat(state.text()).hasSize(CheckRunOutput.MAX_MARKDOWN);
    assertThat(state.status()).isEqualTo("completed");
  }

  @Test
  void columnsAreOnlySentForOneLineAndLinesStartAtOne() {
    CheckAnnotation multi = new CheckAnnotation("a.c", 3, 5, 2, 9, Level.FAILURE, "m", null);
    assertThat(multi.startColumn()).isNull();
    assertThat(multi.endColumn()).isNull();
    CheckAnnotation zero = new CheckAnnotation("a.c", 0, 0, null, null, Level.NOTICE, "m", "");
    assertThat(zero.startLine()).isEqualTo(1);
    assertThat(zero.title()).isNull();
  }

  @Test
  void anUnknownCheckRunIs404() {
    assertThatThrownBy(() -> checkRuns.update(REPO, 7, 999_999, CheckRunFields.status(Status.IN_PROGRESS)))
        .isInstanceOfSatisfying(GitHubApiException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void thefakeRefusesACompletedCheckRunWithoutConclusionWith422() {
    assertThatThrownBy(() -> checkRuns.create(REPO, 7,
        new CheckRunFields("ci", SHA, Status.COMPLETED, null, null, null, null, null, null)))
        .isInstanceOfSatisfying(GitHubApiException.class, e -> {
          assertThat(e.status()).isEqualTo(422);
          assertThat(e.githubMessage()).contains("conclusion");
        });
    assertThat(github.requests()).hasSize(1);
  }

  @Test
  void aPersonalTokenCannotCreateCheckRuns() {
    github.addToken("ghp_mine");
    CheckRuns withPat = new CheckRuns(client, GitHubAuth.token("ghp_mine"));
    assertThatThrownBy(() -> withPat.create(REPO, 0,
        new CheckRunFields("ci", SHA, Status.QUEUED, null, null, null, null, null, null)))
        .isInstanceOfSatisfying(GitHubApiException.class, e -> assertThat(e.status()).isEqualTo(403))
        .hasMessageContaining("GitHub App");
  }
}
