package dev.hearth.server.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.testing.ManualClock;
import dev.hearth.testing.github.FakeGitHub;
import dev.hearth.testing.github.IssuedToken;
import dev.hearth.testing.github.RecordedRequest;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AppAuthTest {
  static final long APP = 1234;
  static final long INSTALLATION = 987654;
  final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
  final FakeGitHub github = FakeGitHub.start(clock);
  final GitHubClient client = new GitHubClient(new GitHubEndpoint(github.baseUrl(), "hearth-test"), RetryPolicy.DEFAULT,
      clock, new ClockSleeper(clock));

  @AfterEach
  void stop() {
    github.close();
  }

  private AppAuth app(String pem) {
    return new AppAuth(new AppJwt(String.valueOf(APP), AppPrivateKey.parse(pem, "app.pem"), clock), client);
  }

  @Test
  void readsAPkcs1KeyAsGitHubIssuesItAndAPkcs8Key() {
    RSAPrivateKey pkcs1 = AppPrivateKey.parse(TestKeys.pkcs1Pem(TestKeys.PAIR), "app.pem");
    RSAPrivateKey pkcs8 = AppPrivateKey.parse(TestKeys.pkcs8Pem(TestKeys.PAIR), "app.pem");
    assertThat(pkcs1.getModulus()).isEqualTo(pkcs8.getModulus());
    assertThat(pkcs1.getPrivateExponent()).isEqualTo(pkcs8.getPrivateExponent());
  }

  @Test
  void aFileThatIsNoKeyIsRefusedNamingTheFile() {
    assertThatThrownBy(() -> AppPrivateKey.parse("ssh-rsa AAAA...", "/etc/hearth/app.pem"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/etc/hearth/app.pem")
        .hasMessageContaining("BEGIN RSA PRIVATE KEY");
    assertThatThrownBy(() -> AppPrivateKey.parse("-----BEGIN RSA PRIVATE KEY-----\n!!!\n-----END RSA PRIVATE KEY-----",
        "app.pem")).hasMessageContaining("app.pem");
  }

  @Test
  void aKeyFileThatCannotBeReadIsNamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    assertThatThrownBy(() -> AppAuth.create("1", dir.resolve("missing.pem"), client))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.pem");
    java.nio.file.Path key = dir.resolve("app.pem");
    java.nio.file.Files.writeString(key, TestKeys.pkcs1Pem(TestKeys.PAIR));
    github.registerApp(APP, TestKeys.PAIR.getPublic());
    assertThat(AppAuth.create(String.valueOf(APP), key, client).authorization(3)).startsWith("Bearer ghs_");
  }

  @Test
  void theJwtIsBackdatedAMinuteAndLivesLessThanTenMinutes() throws Exception {
    String jwt = new AppJwt("1234", AppPrivateKey.parse(TestKeys.pkcs1Pem(TestKeys.PAIR), "app.pem"), clock).sign();
    String[] parts = jwt.split("\\.");
    JsonNode header = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[0]));
    JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
    long now = clock.instant().getEpochSecond();
    assertThat(header.path("alg").asText()).isEqualTo("RS256");
    assertThat(claims.path("iat").asLong()).isEqualTo(now - 60);
    assertThat(claims.path("exp").asLong()).isGreaterThan(now).isLessThanOrEqualTo(now + 600);
    assertThat(claims.path("iss").asText()).isEqualTo("1234");
  }

  @Test
  void exchangesTheJwtForAnInstallationTokenAndKeepsItUntilShortlyBeforeItExpires() throws Exception {
    github.registerApp(APP, TestKeys.PAIR.getPublic());
    AppAuth auth = app(TestKeys.pkcs1Pem(TestKeys.PAIR));

    String first = auth.authorization(INSTALLATION);
    assertThat(github.issuedTokens()).singleElement().satisfies(t -> {
      assertThat(t.installationId()).isEqualTo(INSTALLATION);
      assertThat(first).isEqualTo("Bearer " + t.token());
    });
    RecordedRequest exchange = github.requests().get(0);
    assertThat(exchange.path()).isEqualTo("/app/installations/" + INSTALLATION + "/access_tokens");
    assertThat(exchange.status()).isEqualTo(201);

    clock.advance(Duration.ofMinutes(54));
    assertThat(auth.authorization(INSTALLATION)).as("cached 54 minutes in").isEqualTo(first);
    assertThat(github.issuedTokens()).hasSize(1);

    clock.advance(Duration.ofMinutes(2)); // 56 minutes: within five minutes of expiry
    String second = auth.authorization(INSTALLATION);
    assertThat(second).isNotEqualTo(first);
    assertThat(github.issuedTokens()).extracting(IssuedToken::token).containsExactly(
        first.substring("Bearer ".length()), second.substring("Bearer ".length()));
  }

  @Test
  void eachInstallationGetsItsOwnToken() throws Exception {
    github.registerApp(APP, TestKeys.PAIR.getPublic());
    AppAuth auth = app(TestKeys.pkcs8Pem(TestKeys.PAIR));
    assertThat(auth.authorization(1)).isNotEqualTo(auth.authorization(2));
    assertThat(auth.authorization(1)).isEqualTo(auth.authorization(1));
    assertThat(github.issuedTokens()).extracting(IssuedToken::installationId).containsExactly(1L, 2L);
  }

  @Test
  void aJwtSignedWithAnotherKeyIsRefusedAndNotRetried() {
    github.registerApp(APP, TestKeys.PAIR.getPublic());
    AppAuth auth = app(TestKeys.pkcs8Pem(TestKeys.generate()));
    assertThatThrownBy(() -> auth.authorization(INSTALLATION))
        .isInstanceOfSatisfying(GitHubApiException.class, e -> assertThat(e.status()).isEqualTo(401))
        .hasMessageContaining("JSON web token could not be decoded");
    assertThat(github.requests()).hasSize(1);
  }

  @Test
  void anEventWithoutInstallationCannotUseAppAuth() {
    AppAuth auth = app(TestKeys.pkcs8Pem(TestKeys.PAIR));
    assertThatThrownBy(() -> auth.authorization(0)).hasMessageContaining("installation.id");
    assertThat(github.requests()).isEmpty();
  }

  @Test
  void anExpiredInstallationTokenIsRefusedByTheFake() throws Exception {
    github.registerApp(APP, TestKeys.PAIR.getPublic());
    String token = github.installationToken(APP, INSTALLATION);
    clock.advance(Duration.ofMinutes(61));
    CheckRuns runs = new CheckRuns(client, GitHubAuth.token(token));
    assertThatThrownBy(() -> runs.create(new GitHubRepo("octo", "hello"), INSTALLATION,
        new CheckRunFields("ci", "b".repeat(40), CheckRunFields.Status.QUEUED, null, null, null, null, null, null)))
        .isInstanceOfSatisfying(GitHubApiException.class, e -> assertThat(e.status()).isEqualTo(401));
  }
}
