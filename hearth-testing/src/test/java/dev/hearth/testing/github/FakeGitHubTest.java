package dev.hearth.testing.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.testing.ManualClock;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fake answers as GitHub documents: raw HTTP in, GitHub's status codes and error JSON out. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FakeGitHubTest {
  static final String SHA = "e".repeat(40);
  static KeyPair app;
  final ManualClock clock = new ManualClock(Instant.parse("2026-05-01T08:00:00Z"));
  final FakeGitHub github = FakeGitHub.start(clock);
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    app = g.generateKeyPair();
  }

  @AfterEach
  void stop() {
    github.close();
  }

  record Answer(int status, JsonNode body) {}

  Answer send(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(github.baseUrl().resolve(path))
        .header("User-Agent", "fake-test").header("Accept", "application/vnd.github+json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) b.header("Authorization", "Bearer " + token);
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), json.readTree(r.body()));
  }

  String jwt(long iat, long exp, KeyPair key) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(("{\"iat\":" + iat + ",\"exp\":" + exp + ",\"iss\":\"9\"}").getBytes(StandardCharsets.UTF_8));
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(key.getPrivate());
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64.encodeToString(s.sign());
  }

  @Test
  void issuesAnInstallationTokenForAValidJwtThatExpiresInAnHour() throws Exception {
    github.registerApp(9, app.getPublic());
    long now = clock.instant().getEpochSecond();
    Answer a = send("POST", "/app/installations/31/access_tokens", jwt(now - 60, now + 540, app), null);
    assertThat(a.status()).isEqualTo(201);
    assertThat(a.body().path("token").asText()).startsWith("ghs_");
    assertThat(Instant.parse(a.body().path("expires_at").asText())).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
  }

  @Test
  void refusesJwtsAsGitHubDoes() throws Exception {
    github.registerApp(9, app.getPublic());
    long now = clock.instant().getEpochSecond();
    Answer tooLong = send("POST", "/app/installations/31/access_tokens", jwt(now - 60, now + 3600, app), null);
    assertThat(tooLong.status()).isEqualTo(401);
    assertThat(tooLong.body().path("message").asText()).contains("'exp') is too far in the future");
    Answer expired = send("POST", "/app/installations/31/access_tokens", jwt(now - 900, now - 10, app), null);
    assertThat(expired.status()).isEqualTo(401);
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    Answer forged = send("POST", "/app/installations/31/access_tokens", jwt(now - 60, now + 500, g.generateKeyPair()), null);
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.body().path("message").asText()).isEqualTo("A JSON web token could not be decoded");
    assertThat(github.issuedTokens()).isEmpty();
  }

  @Test
  void answers422WithGitHubsErrorJsonForInvalidCheckRuns() throws Exception {
    String token = github.installationToken(9, 31);
    Answer missing = send("POST", "/repos/o/r/check-runs", token, "{\"name\":\"ci\"}");
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.body().path("message").asText()).isEqualTo("Validation Failed");
    assertThat(missing.body().path("errors").get(0).path("field").asText()).isEqualTo("head_sha");
    assertThat(missing.body().path("errors").get(0).path("code").asText()).isEqualTo("missing_field");

    StringBuilder many = new StringBuilder("{\"name\":\"ci\",\"head_sha\":\"" + SHA + "\",\"output\":{\"title\":\"t\","
        + "\"summary\":\"s\",\"annotations\":[");
    for (int i = 0; i < 51; i++) {
      many.append(i == 0 ? "" : ",").append("{\"path\":\"a\",\"start_line\":1,\"end_line\":1,"
          + "\"annotation_level\":\"notice\",\"message\":\"m\"}");
    }
    Answer tooMany = send("POST", "/repos/o/r/check-runs", token, many.append("]}}").toString());
    assertThat(tooMany.status()).isEqualTo(422);
    assertThat(tooMany.body().path("message").asText()).contains("51 items is more than the maximum of 50");

    Answer badLevel = send("POST", "/repos/o/r/check-runs", token, "{\"name\":\"ci\",\"head_sha\":\"" + SHA
        + "\",\"output\":{\"title\":\"t\",\"summary\":\"s\",\"annotations\":[{\"path\":\"a\",\"start_line\":1,"
        + "\"end_line\":1,\"annotation_level\":\"error\",\"message\":\"m\"}]}}");
    assertThat(badLevel.status()).isEqualTo(422);
    assertThat(badLevel.body().path("message").asText()).contains("\"error\" is not a member of");
    assertThat(github.checkRuns("o", "r")).isEmpty();
  }

  @Test
  void keepsEachCheckRunsHistoryAndAnswers404ForUnknownOnes() throws Exception {
    String token = github.installationToken(9, 31);
    Answer created = send("POST", "/repos/o/r/check-runs", token,
        "{\"name\":\"ci\",\"head_sha\":\"" + SHA + "\",\"status\":\"queued\"}");
    assertThat(created.status()).isEqualTo(201);
    long id = created.body().path("id").asLong();
    assertThat(send("PATCH", "/repos/o/r/check-runs/" + id, token, "{\"status\":\"in_progress\"}").status()).isEqualTo(200);
    Answer done = send("PATCH", "/repos/o/r/check-runs/" + id, token, "{\"conclusion\":\"success\"}");
    assertThat(done.body().path("status").asText()).as("a conclusion completes the run").isEqualTo("completed");
    assertThat(github.checkRuns("o", "r").get(0).statusChanges()).containsExactly("queued", "in_progress", "completed");
    assertThat(send("PATCH", "/repos/o/r/check-runs/" + (id + 1000), token, "{}").status()).isEqualTo(404);
    assertThat(send("PATCH", "/repos/other/r/check-runs/" + id, token, "{}").status()).isEqualTo(404);
  }

  @Test
  void awaitWakesWhenARequestFromAnotherThreadChangesWhatItWatches() throws Exception {
    github.addToken("ghp_known");
    Thread.ofVirtual().start(() -> {
      try {
        send("POST", "/repos/o/r/statuses/" + SHA, "ghp_known", "{\"state\":\"pending\",\"context\":\"ci\"}");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    var statuses = github.await("one status", () -> github.statuses("o", "r", SHA), l -> !l.isEmpty(), Duration.ofSeconds(30));
    assertThat(statuses).extracting(FakeStatus::state).containsExactly("pending");
  }

  @Test
  void refusesUnknownTokensAndAnswersInjectedFailures() throws Exception {
    Answer bad = send("POST", "/repos/o/r/statuses/" + SHA, "ghp_unknown", "{\"state\":\"success\"}");
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.body().path("message").asText()).isEqualTo("Bad credentials");
    github.addToken("ghp_known");
    github.failNext(1, 502);
    assertThat(send("POST", "/repos/o/r/statuses/" + SHA, "ghp_known", "{\"state\":\"success\"}").status()).isEqualTo(502);
    Answer ok = send("POST", "/repos/o/r/statuses/" + SHA, "ghp_known", "{\"state\":\"success\",\"context\":\"ci\"}");
    assertThat(ok.status()).isEqualTo(201);
    assertThat(github.statuses("o", "r", SHA)).singleElement().satisfies(s -> {
      assertThat(s.state()).isEqualTo("success");
      assertThat(s.context()).isEqualTo("ci");
    });
    Answer tooLong = send("POST", "/repos/o/r/statuses/" + SHA, "ghp_known",
        "{\"state\":\"success\",\"description\":\"" + "d".repeat(141) + "\"}");
    assertThat(tooLong.status()).isEqualTo(422);
    assertThat(github.requests()).extracting(RecordedRequest::status).containsExactly(401, 502, 201, 422);
  }
}
