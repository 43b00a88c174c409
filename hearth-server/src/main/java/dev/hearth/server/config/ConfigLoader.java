package dev.hearth.server.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Makes a {@link ServerConfig} from the YAML file, the environment and the flags (flags win over
 * the environment, which wins over the file), validated: every error names where the value came
 * from, the key and what was expected. Secrets come only from the file and the environment.
 */
public final class ConfigLoader {
  /** The environment variable of each key that may be set from the environment. */
  static final Map<String, String> ENV = Map.ofEntries(
      Map.entry("public-url", "HEARTH_PUBLIC_URL"),
      Map.entry("log-format", "HEARTH_LOG_FORMAT"),
      Map.entry("github.shutdown-wait", "HEARTH_GITHUB_SHUTDOWN_WAIT"),
      Map.entry("listen", "HEARTH_LISTEN"),
      Map.entry("data-dir", "HEARTH_DATA_DIR"),
      Map.entry("store", "HEARTH_STORE"),
      Map.entry("provider", "HEARTH_PROVIDER"),
      Map.entry("max-sessions", "HEARTH_MAX_SESSIONS"),
      Map.entry("webhook.secrets", "HEARTH_WEBHOOK_SECRET"),
      Map.entry("github.token", "HEARTH_GITHUB_TOKEN"),
      Map.entry("source.base-url", "HEARTH_SOURCE_BASE_URL"),
      Map.entry("fleet.host-id", "HEARTH_HOST_ID"));

  /** The flags of {@code hearth serve}; null when not given. */
  public record Flags(String listen, Path dataDir, String store, String provider, Integer maxSessions, String logFormat) {
    public static final Flags NONE = new Flags(null, null, null, null, null, null);

    /** Flags without {@code --log-format}. */
    public Flags(String listen, Path dataDir, String store, String provider, Integer maxSessions) {
      this(listen, dataDir, store, provider, maxSessions, null);
    }
  }

  private final Map<String, Setting> settings = new LinkedHashMap<>();
  private final Predicate<String> knownProvider;

  private ConfigLoader(Predicate<String> knownProvider) {
    this.knownProvider = knownProvider;
  }

  /**
   * @param file the YAML file, or null
   * @param env the environment ({@code System.getenv()})
   * @param flags the command line's flags
   * @param knownProvider whether a provider name is registered (the CLI's wiring knows)
   * @throws ConfigException for the first invalid value
   */
  public static ServerConfig load(Path file, Map<String, String> env, Flags flags, Predicate<String> knownProvider) {
    ConfigLoader loader = new ConfigLoader(knownProvider);
    if (file != null) loader.settings.putAll(YamlConfigFile.read(file));
    loader.environment(env);
    loader.flags(flags);
    ServerConfig config = loader.config();
    return file == null ? config : config.withVms(VmsConfigFile.read(file, knownProvider));
  }

  private void environment(Map<String, String> env) {
    ENV.forEach((key, name) -> {
      String value = env.get(name);
      if (value == null || value.isEmpty()) return;
      List<String> values = key.equals("webhook.secrets")
          ? Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList() : List.of(value);
      settings.put(key, new Setting(key, values, name));
    });
  }

  private void flags(Flags flags) {
    flag("listen", flags.listen(), "--listen");
    flag("data-dir", flags.dataDir() == null ? null : flags.dataDir().toString(), "--data-dir");
    flag("store", flags.store(), "--store");
    flag("provider", flags.provider(), "--provider");
    flag("max-sessions", flags.maxSessions() == null ? null : flags.maxSessions().toString(), "--max-sessions");
    flag("log-format", flags.logFormat(), "--log-format");
  }

  private void flag(String key, String value, String name) {
    if (value != null) settings.put(key, Setting.of(key, value, name));
  }

  private ServerConfig config() {
    Setting listen = get("listen").orElse(Setting.of("listen", "127.0.0.1:8080", "default"));
    int colon = listen.text().lastIndexOf(':');
    if (colon <= 0) throw listen.invalid("HOST:PORT (e.g. 127.0.0.1:8080)");
    String host = listen.text().substring(0, colon).replace("[", "").replace("]", "");
    int port = integer(listen, listen.text().substring(colon + 1), 0, 65535, "HOST:PORT with a port from 0 to 65535");
    Path dataDir = dataDir();
    String store = store(dataDir);
    String provider = get("provider").map(Setting::text).orElse("auto");
    if (!knownProvider.test(provider)) throw get("provider").orElseThrow().invalid("a known VM provider");
    int maxSessions = get("max-sessions").map(s -> integer(s, s.text(), 1, 10_000, "a whole number from 1 to 10000"))
        .orElse(Runtime.getRuntime().availableProcessors());
    List<String> secrets = get("webhook.secrets").map(Setting::values).orElse(List.of());
    if (secrets.isEmpty() || secrets.stream().anyMatch(String::isBlank)) {
      throw new ConfigException(get("webhook.secrets").map(Setting::origin).orElse("configuration")
          + ": webhook.secrets: expected at least one non-empty webhook secret (config webhook.secrets, or "
          + "HEARTH_WEBHOOK_SECRET, comma-separated for rotation)");
    }
    URI baseUrl = get("source.base-url").map(s -> uri(s, "a URL such as https://github.example.com or git://127.0.0.1:9418"))
        .orElse(null);
    GitHubSettings github = github();
    String sourceToken = get("source.token").map(Setting::text).orElse(github.token());
    Map<String, String> runSecrets = new LinkedHashMap<>();
    settings.forEach((k, s) -> {
      if (k.startsWith("secrets.")) runSecrets.put(k.substring("secrets.".length()), s.text());
    });
    return new ServerConfig(host, port, dataDir, store, provider, maxSessions, secrets, baseUrl, sourceToken, runSecrets,
        github, publicUrl(), logFormat(), reportDrain(), fleet(), VmsConfig.NONE);
  }

  /** {@code public-url}: an absolute http(s) URL without query or fragment; its trailing slashes dropped. */
  private URI publicUrl() {
    return get("public-url").map(s -> {
      String expected = "an http(s) URL where people reach this server, such as https://hearth.example.com";
      URI uri = uri(s, expected);
      if (!(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
          || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw s.invalid(expected);
      }
      return uri;
    }).orElse(null);
  }

  private LogFormat logFormat() {
    return get("log-format").map(s -> switch (s.text().strip().toLowerCase(Locale.ROOT)) {
      case "text" -> LogFormat.TEXT;
      case "json" -> LogFormat.JSON;
      default -> throw s.invalid("text or json");
    }).orElse(LogFormat.TEXT);
  }

  /** {@code github.shutdown-wait}: whole seconds, 0 to 600 ({@code 10}, or {@code 10s}). */
  private java.time.Duration reportDrain() {
    return get("github.shutdown-wait").map(s -> java.time.Duration.ofSeconds(
        integer(s, s.text().strip().replaceFirst("s$", ""), 0, 600, "whole seconds from 0 to 600, such as 10 or 10s")))
        .orElse(ServerConfig.DEFAULT_REPORT_DRAIN);
  }

  private Path dataDir() {
    Optional<Setting> s = get("data-dir");
    Path dir = s.map(x -> Path.of(x.text())).orElse(Path.of(System.getProperty("user.home"), ".hearth"));
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw s.orElseThrow().invalid("a directory (it is created when missing)");
    }
    return dir.toAbsolutePath().normalize();
  }

  private String store(Path dataDir) {
    Optional<Setting> s = get("store");
    String url = s.map(Setting::text).orElse("sqlite");
    if (url.equals("sqlite")) return "sqlite:" + dataDir.resolve("hearth.db");
    if (url.startsWith("sqlite:") || url.startsWith("postgresql://") || url.startsWith("postgres://")) return url;
    throw new ConfigException(s.orElseThrow().origin() + ": store: expected sqlite, sqlite:/path/to/file.db or "
        + "postgresql://user:password@host:port/database, got '" + StoreUrls.redacted(url) + "'");
  }

  private GitHubSettings github() {
    URI api = get("github.api-url").map(s -> uri(s, "an http(s) URL such as https://api.github.com"))
        .orElse(GitHubSettings.DEFAULT_API_URL);
    if (!api.getScheme().startsWith("http")) throw get("github.api-url").orElseThrow().invalid("an http(s) URL");
    String token = get("github.token").map(Setting::text).orElse(null);
    Long appId = get("github.app-id").map(s -> (long) integer(s, s.text(), 1, Integer.MAX_VALUE, "the App's numeric id"))
        .orElse(null);
    Path key = get("github.private-key-file").map(s -> {
      Path p = Path.of(s.text());
      if (!Files.isReadable(p)) throw s.invalid("a readable PEM private key file");
      return p;
    }).orElse(null);
    if ((appId == null) != (key == null)) {
      Setting given = get(appId == null ? "github.private-key-file" : "github.app-id").orElseThrow();
      throw new ConfigException(given.origin() + ": " + given.key() + ": expected github.app-id and "
          + "github.private-key-file together (a GitHub App needs both)");
    }
    GitHubSettings.Report report = get("github.report").map(s -> switch (s.text().toLowerCase(Locale.ROOT)) {
      case "checks" -> GitHubSettings.Report.CHECKS;
      case "statuses" -> GitHubSettings.Report.STATUSES;
      default -> throw s.invalid("checks or statuses");
    }).orElse(GitHubSettings.Report.CHECKS);
    return new GitHubSettings(api, token, appId, key, report);
  }

  private FleetSettings fleet() {
    String hostId = get("fleet.host-id").map(s -> {
      if (!s.text().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
        throw s.invalid("a host name of letters, digits, '.', '_' and '-' (at most 63 characters)");
      }
      return s.text();
    }).orElse(FleetSettings.defaultHostId());
    int lease = get("fleet.lease-seconds").map(s -> integer(s, s.text(), 1, 3600, "a whole number of seconds from 1 to 3600"))
        .orElse((int) FleetSettings.DEFAULT_LEASE.toSeconds());
    int retries = get("fleet.retry-on-host-loss").map(s -> integer(s, s.text(), 0, 10, "a whole number from 0 to 10"))
        .orElse(0);
    int perRepo = get("fleet.max-concurrent-per-repo")
        .map(s -> integer(s, s.text(), 0, 100_000, "a whole number from 0 (no limit) to 100000")).orElse(0);
    return new FleetSettings(hostId, java.time.Duration.ofSeconds(lease), retries, perRepo);
  }

  private static int integer(Setting s, String text, int min, int max, String expected) {
    try {
      int n = Integer.parseInt(text.strip());
      if (n < min || n > max) throw s.invalid(expected);
      return n;
    } catch (NumberFormatException e) {
      throw s.invalid(expected);
    }
  }

  private static URI uri(Setting s, String expected) {
    try {
      URI uri = new URI(s.text().strip().replaceAll("/+$", ""));
      if (uri.getScheme() == null || uri.getHost() == null && !uri.getScheme().equals("file")) throw s.invalid(expected);
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw s.invalid(expected);
    }
  }

  private Optional<Setting> get(String key) {
    return Optional.ofNullable(settings.get(key));
  }
}
