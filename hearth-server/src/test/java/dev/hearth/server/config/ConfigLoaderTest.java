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
  void publicUrlLogFormatAndShutdownWaitComeFromTheFileTheEnvironmentAndTheFlag() throws IOException {
    ServerConfig file = load("public-url: https://hearth.example.com/ci/\nlog-format: json\ngithub:\n  shutdown-wait: 3s\n",
        SECRET, ConfigLoader.Flags.NONE);
    assertThat(file.publicUrl()).isEqualTo(URI.create("https://hearth.example.com/ci"));
    assertThat(file.logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(file.reportDrain()).isEqualTo(java.time.Duration.ofSeconds(3));
    Map<String, String> env = new java.util.HashMap<>(SECRET);
    env.put("HEARTH_LOG_FORMAT", "json");
    env.put("HEARTH_PUBLIC_URL", "http://10.0.0.5:8080");
    ServerConfig fromEnv = load(null, env, ConfigLoader.Flags.NONE);
    assertThat(fromEnv.logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(fromEnv.publicUrl()).isEqualTo(URI.create("http://10.0.0.5:8080"));
    assertThat(load(null, env, new ConfigLoader.Flags(null, null, null, null, null, "text")).logFormat()).isEqualTo(LogFormat.TEXT);
    ServerConfig defaults = load(null, SECRET, ConfigLoader.Flags.NONE);
    assertThat(defaults.publicUrl()).isNull();
    assertThat(defaults.logFormat()).isEqualTo(LogFormat.TEXT);
    assertThat(defaults.reportDrain()).isEqualTo(ServerConfig.DEFAULT_REPORT_DRAIN);
  }

  @Test
  void aBadLogFormatFlagNamesTheFlag() {
    assertThatThrownBy(() -> load(null, SECRET, new ConfigLoader.Flags(null, null, null, null, null, "yaml")))
        .hasMessage("--log-format: log-format: expected text or json, got 'yaml'");
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
      "lisen: 1|hearth.yml:1:1: unknown key 'lisen' (known: data-dir, fleet, github, listen, log-format, max-sessions, members, placement, pool, provider, public-url, quotas, secrets, source, store, webhook)",
      "github:\\n  report: both|hearth.yml:2:11: github.report: expected checks or statuses, got 'both'",
      "github:\\n  tokn: x|hearth.yml:2:3: unknown key 'github.tokn' (known: api-url, app-id, private-key-file, report, shutdown-wait, token)",
      "provider: qemu|hearth.yml:1:11: provider: expected a known VM provider, got 'qemu'",
      "store: mysql://x|hearth.yml:1:8: store: expected sqlite, sqlite:/path/to/file.db or postgresql://user:password@host:port/database, got 'mysql://x'",
      "listen: [a|hearth.yml:1:11: not valid YAML",
      "github:\\n  app-id: 3|hearth.yml:2:11: github.app-id: expected github.app-id and github.private-key-file together",
      "public-url: hearth.example.com|hearth.yml:1:13: public-url: expected an http(s) URL where people reach this server, such as https://hearth.example.com, got 'hearth.example.com'",
      "public-url: ftp://hearth.example.com|hearth.yml:1:13: public-url: expected an http(s) URL where people reach this server, such as https://hearth.example.com, got 'ftp://hearth.example.com'",
      "log-format: xml|hearth.yml:1:13: log-format: expected text or json, got 'xml'",
      "github:\\n  shutdown-wait: soon|hearth.yml:2:18: github.shutdown-wait: expected whole seconds from 0 to 600, such as 10 or 10s, got 'soon'",
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

  @Test
  void fleetKeysSetTheHostIdLeaseRetriesAndPerRepositoryLimit() throws IOException {
    ServerConfig c = load("""
        fleet:
          host-id: runner-1
          lease-seconds: 3
          retry-on-host-loss: 1
          max-concurrent-per-repo: 4
        """);
    assertThat(c.fleet()).isEqualTo(new FleetSettings("runner-1", java.time.Duration.ofSeconds(3), 1, 4));
    assertThat(c.fleet().heartbeat()).isEqualTo(java.time.Duration.ofMillis(600));
    assertThat(load(null, Map.of("HEARTH_WEBHOOK_SECRET", "s1", "HEARTH_HOST_ID", "from-env"), ConfigLoader.Flags.NONE)
        .fleet().hostId()).isEqualTo("from-env");
    assertThat(load(null).fleet()).isEqualTo(FleetSettings.defaults());
  }

  @Test
  void badFleetValuesNameTheirPositionAndWhatWasExpected() {
    assertThatThrownBy(() -> load("fleet:\n  lease-seconds: 0\n")).isInstanceOf(ConfigException.class)
        .hasMessage(dir.resolve("hearth.yml") + ":2:18: fleet.lease-seconds: expected a whole number of seconds from 1 to 3600, "
            + "got '0'");
    assertThatThrownBy(() -> load("fleet:\n  host-id: 'a b'\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining(":2:12: fleet.host-id: expected a host name of letters, digits");
    assertThatThrownBy(() -> load("fleet:\n  leases: 3\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'fleet.leases' (known: host-id, lease-seconds, max-concurrent-per-repo, "
            + "retry-on-host-loss)");
  }
}
