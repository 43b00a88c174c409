package dev.hearth.server.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hearth.testing.ManualClock;
import dev.hearth.testing.github.FakeGitHub;
import dev.hearth.testing.github.RecordedRequest;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GitHubClientTest {
  static final String SHA = "a".repeat(40);
  final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
  final ClockSleeper sleeper = new ClockSleeper(clock);
  final FakeGitHub github = FakeGitHub.start(clock);
  final GitHubClient client = new GitHubClient(new GitHubEndpoint(github.baseUrl(), "hearth-test/1"),
      RetryPolicy.DEFAULT, clock, sleeper);

  @AfterEach
  void stop() {
    github.close();
  }

  private void postStatus() throws Exception {
    github.addToken("ghp_personal");
    new CommitStatuses(client, GitHubAuth.token("ghp_personal"))
        .create(new GitHubRepo("octo", "hello"), 0, SHA, new CommitStatus(CommitStatus.State.PENDING, "hearth / ci", "Queued", null));
  }

  @Test
  void sendsGitHubsHeadersOnEveryCall() throws Exception {
    postStatus();
    RecordedRequest r = github.requests().get(0);
    assertThat(r.header("Accept")).isEqualTo("application/vnd.github+json");
    assertThat(r.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
    assertThat(r.header("User-Agent")).isEqualTo("hearth-test/1");
    assertThat(r.header("Authorization")).isEqualTo("Bearer ghp_personal");
    assertThat(r.path()).isEqualTo("/repos/octo/hello/statuses/" + SHA);
    assertThat(r.status()).isEqualTo(201);
  }

  @Test
  void retriesA502ThenSucceeds() throws Exception {
    github.failNext(2, 502);
    postStatus();
    assertThat(github.requests()).extracting(RecordedRequest::status).containsExactly(502, 502, 201);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(github.statuses("octo", "hello", SHA)).hasSize(1);
  }

  @Test
  void waitsAsLongAsRetryAfterSaysOnASecondaryRateLimit() throws Exception {
    github.rateLimitNext(1, Duration.ofSeconds(42));
    postStatus();
    assertThat(github.requests()).extracting(RecordedRequest::status).containsExactly(403, 201);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(42));
  }

  @Test
  void waitsAMinuteOnASecondaryRateLimitThatNamesNoWait() throws Exception {
    github.rateLimitNext(1, null);
    postStatus();
    assertThat(github.requests()).extracting(RecordedRequest::status).containsExactly(403, 201);
    assertThat(sleeper.waits).containsExactly(Duration.ofMinutes(1));
  }

  @Test
  void waitsUntilThePrimaryRateLimitResets() throws Exception {
    github.exhaustRateLimitNext(1, clock.instant().plusSeconds(90));
    postStatus();
    assertThat(github.requests()).extracting(RecordedRequest::status).containsExactly(403, 201);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(91));
  }

  @Test
  void givesUpWhenARateLimitOutlastsTheTotalTimeAllowed() {
    github.exhaustRateLimitNext(1, clock.instant().plus(Duration.ofHours(1)));
    assertThatThrownBy(this::postStatus)
        .isInstanceOf(GitHubApiException.class)
        .hasMessageContaining("POST /repos/octo/hello/statuses/" + SHA)
        .hasMessageContaining("403")
        .hasMessageContaining("API rate limit exceeded");
    assertThat(github.requests()).hasSize(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void stopsAfterTheLastAttemptWithWhatGitHubSaid() {
    github.failNext(10, 500);
    assertThatThrownBy(this::postStatus)
        .isInstanceOf(GitHubApiException.class)
        .hasMessageContaining("500")
        .hasMessageContaining("after 5 attempts");
    assertThat(github.requests()).hasSize(5);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
        Duration.ofSeconds(8));
  }

  @Test
  void neverRetriesAValidationError() {
    github.addToken("ghp_personal");
    var body = JsonNodeFactory.instance.objectNode().put("state", "exploded");
    assertThatThrownBy(() -> client.call("POST", "/repos/octo/hello/statuses/" + SHA, body, "Bearer ghp_personal"))
        .isInstanceOfSatisfying(GitHubApiException.class, e -> {
          assertThat(e.status()).isEqualTo(422);
          assertThat(e.githubMessage()).isEqualTo("Validation Failed");
          assertThat(e.errors()).singleElement().asString().contains("state is not included in the list");
        });
    assertThat(github.requests()).hasSize(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void neverRetriesBadCredentials() {
    assertThatThrownBy(() -> new CommitStatuses(client, GitHubAuth.token("ghp_wrong"))
        .create(new GitHubRepo("octo", "hello"), 0, SHA, new CommitStatus(CommitStatus.State.SUCCESS, "c", null, null)))
        .isInstanceOfSatisfying(GitHubApiException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e).hasMessageContaining("Bad credentials");
        });
    assertThat(github.requests()).hasSize(1);
  }

  @Test
  void retriesConnectionErrorsWithinItsAttempts() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    GitHubClient nowhere = new GitHubClient(GitHubEndpoint.at("http://127.0.0.1:" + closedPort),
        new RetryPolicy(3, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofSeconds(30)), clock, sleeper);
    assertThatThrownBy(() -> nowhere.call("GET", "/", null, null))
        .isInstanceOfSatisfying(GitHubApiException.class, e -> {
          assertThat(e.status()).isZero();
          assertThat(e).hasMessageContaining("no response").hasMessageContaining("after 3 attempts");
        });
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void refusesARequestWithoutUserAgentAsGitHubDoes() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var response = http.send(java.net.http.HttpRequest.newBuilder(github.baseUrl().resolve("/repos/o/r/statuses/" + SHA))
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    // the JDK client sends its own User-Agent, so this reaches the token check
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("Requires authentication");
    assertThat(List.of(response.headers().firstValue("x-ratelimit-limit").orElse(""))).containsExactly("5000");
  }
}
