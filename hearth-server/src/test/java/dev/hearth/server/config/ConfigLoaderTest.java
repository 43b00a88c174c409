package dev.hearth.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
  @TempDir Path dir;

  static final Map<String, String> SECRET = Map.of("HEARTH_WEBHOOK_SECRET", "s1");

  ServerConfig load(String yaml, Map<String, String> env, ConfigLoader.Flags flags) throws IOException {
    Path file = yaml == null ? null : Files.writeString(dir.resolve("hearth.yml"), yaml);
    return ConfigLoader.load(file, env, flags, Set.of("auto", "host")::contains);
  }

  ServerConfig load(String yaml) throws IOException {
    return load(yaml, SECRET, ConfigLoader.Flags.NONE);
  }

  @Test
  void defaultsNeedOnlyAWebhookSecret() throws IOException {
    ServerConfig c = load(null);
    assertThat(c.listenHost()).isEqualTo("127.0.0.1");
    assertThat(c.listenPort()).isEqualTo(8080);
    assertThat(c.storeUrl()).isEqualTo("sqlite:" + c.dataDir().resolve("hearth.db"));
    assertThat(c.provider()).isEqualTo("auto");
    assertThat(c.webhookSecrets()).containsExactly("s1");
    assertThat(c.github()).isEqualTo(GitHubSettings.defaults());
  }

  @Test
  void fileEnvironmentAndFlagsCombineWithFlagsWinning() throws IOException {
    Path key = Files.writeString(dir.resolve("app.pem"), "-----BEGIN PRIVATE KEY-----\n");
    ServerConfig c = load("""
        listen: 0.0.0.0:9000
        data-dir: %s
        store: postgresql://hearth:pw@db:5432/hearth
        max-sessions: 3
        webhook:
          secrets: [new, old]
        source:
          base-url: https://ghe.example.com/
        secrets:
          TOKEN: abc
        github:
          api-url: https://ghe.example.com/api/v3
          app-id: 42
          private-key-file: %s
          report: statuses
        """.formatted(dir.resolve("data"), key), Map.of("HEARTH_MAX_SESSIONS", "5", "HEARTH_GITHUB_TOKEN", "ght"),
        new ConfigLoader.Flags("127.0.0.1:7000", null, null, "host", null));
    assertThat(c.listenPort()).isEqualTo(7000);
    assertThat(c.maxSessions()).isEqualTo(5);
    assertThat(c.provider()).isEqualTo("host");
    assertThat(c.storeUrl()).isEqualTo("postgresql://hearth:pw@db:5432/hearth");
    assertThat(c.webhookSecrets()).containsExactly("new", "old");
    assertThat(c.sourceBaseUrl()).isEqualTo(URI.create("https://ghe.example.com"));
    assertThat(c.sourceToken()).isEqualTo("ght");
    assertThat(c.secrets()).containsEntry("TOKEN", "abc");
    assertThat(c.github()).isEqualTo(new GitHubSettings(URI.create("https://ghe.example.com/api/v3"), "ght", 42L, key,
        GitHubSettings.Report.STATUSES));
    assertThat(c.toString()).doesNotContain("pw@", "abc", "ght", "old");
  }

  @Test
  void severalSecretsComeCommaSeparatedFromTheEnvironment() throws IOException {
    assertThat(load(null, Map.of("HEARTH_WEBHOOK_SECRET", "new, old"), ConfigLoader.Flags.NONE).webhookSecrets())
        .containsExactly("new", "old");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "max-sessions: many|hearth.yml:1:15: max-sessions: expected a whole number from 1 to 10000, got 'many'",
      "listen: localhost|hearth.yml:1:9: listen: expected HOST:PORT (e.g. 127.0.0.1:8080), got 'localhost'",
      "lisen: 1|hearth.yml:1:1: unknown key 'lisen' (known: data-dir, github, listen, max-sessions, members, placement, pool, provider, quotas, secrets, source, store, webhook)",
      "github:\\n  report: both|hearth.yml:2:11: github.report: expected checks or statuses, got 'both'",
      "github:\\n  tokn: x|hearth.yml:2:3: unknown key 'github.tokn' (known: api-url, app-id, private-key-file, report, token)",
      "provider: qemu|hearth.yml:1:11: provider: expected a known VM provider, got 'qemu'",
      "store: mysql://x|hearth.yml:1:8: store: expected sqlite, sqlite:/path/to/file.db or postgresql://user:password@host:port/database, got 'mysql://x'",
      "listen: [a|hearth.yml:1:11: not valid YAML",
      "github:\\n  app-id: 3|hearth.yml:2:11: github.app-id: expected github.app-id and github.private-key-file together",
  })
  void badValuesNameTheFileLineColumnKeyAndWhatWasExpected(String yaml, String message) {
    assertThatThrownBy(() -> load(yaml.replace("\\n", "\n"))).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(dir.resolve(message.substring(0, message.indexOf(':'))) + message.substring(message.indexOf(':')));
  }

  @Test
  void aBadFlagNamesTheFlag() {
    assertThatThrownBy(() -> load(null, SECRET, new ConfigLoader.Flags(null, null, null, null, 0)))
        .hasMessage("--max-sessions: max-sessions: expected a whole number from 1 to 10000, got '0'");
  }

  @Test
  void withoutAWebhookSecretTheServerDoesNotStart() {
    assertThatThrownBy(() -> load(null, Map.of(), ConfigLoader.Flags.NONE))
        .hasMessageContaining("webhook.secrets: expected at least one non-empty webhook secret")
        .hasMessageContaining("HEARTH_WEBHOOK_SECRET");
  }

  @Test
  void aMissingPrivateKeyFileIsNamed() {
    assertThatThrownBy(() -> load("github:\n  app-id: 1\n  private-key-file: /nope.pem\n"))
        .hasMessageEndingWith("hearth.yml:3:21: github.private-key-file: expected a readable PEM private key file, got '/nope.pem'");
  }

  @Test
  void webhookSecretsMayBeAListInTheFile() throws IOException {
    assertThat(load("webhook:\n  secrets:\n    - a\n    - b\n", Map.of(), ConfigLoader.Flags.NONE).webhookSecrets())
        .isEqualTo(List.of("a", "b"));
  }
}
