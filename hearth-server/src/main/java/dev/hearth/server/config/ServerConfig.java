package dev.hearth.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The validated configuration of {@code hearth serve}; made by {@link ConfigLoader}.
 *
 * @param listenHost the address to listen on ({@code 127.0.0.1} by default)
 * @param listenPort the port, 0 for any free one
 * @param dataDir where the SQLite store, the git mirrors and the checkouts live
 * @param storeUrl {@code sqlite} (a file under the data dir), {@code sqlite:/path/file.db} or
 *     {@code postgresql://user:password@host:port/database}
 * @param provider the VM provider's name ({@code auto}, {@code host}, …)
 * @param maxSessions at most this many VMs at once
 * @param webhookSecrets every secret a webhook signature may be made with (rotation); never empty
 * @param sourceBaseUrl where repositories are fetched from instead of the payload's clone URL
 *     ({@code base/owner/name.git}); for GitHub Enterprise and tests; null for the payload's
 * @param sourceToken the token git fetches private repositories with (defaults to the GitHub token); null for none
 * @param secrets the {@code secrets} context of runs (never given to pull requests from forks)
 * @param github the {@code github:} section
 * @param publicUrl where people reach this server ({@code https://hearth.example.com}): a run's page,
 *     the details URL of its check runs, is {@code <public-url>/runs/<id>}; null for the listen address
 * @param logFormat text (the default) or one JSON object a line
 * @param reportDrain how long closing waits for the reports to GitHub still queued (default 10 s)
 * @param fleet the {@code fleet:} section
 * @param vms quotas, the warm pool and placement ({@code quotas:}, {@code pool:}, {@code placement:}, {@code members:})
 */
public record ServerConfig(String listenHost, int listenPort, Path dataDir, String storeUrl, String provider,
    int maxSessions, List<String> webhookSecrets, URI sourceBaseUrl, String sourceToken, Map<String, String> secrets,
    GitHubSettings github, URI publicUrl, LogFormat logFormat, Duration reportDrain, FleetSettings fleet,
    VmsConfig vms) {

  /** How long closing waits for reports to GitHub unless {@code github.shutdown-wait} says otherwise. */
  public static final Duration DEFAULT_REPORT_DRAIN = Duration.ofSeconds(10);

  /**
   * A configuration without a public URL, logging text, waiting {@link #DEFAULT_REPORT_DRAIN} for reports,
   * with the fleet's defaults (one host), without quotas, pool or placement ({@link VmsConfig#NONE}).
   */
  public ServerConfig(String listenHost, int listenPort, Path dataDir, String storeUrl, String provider,
      int maxSessions, List<String> webhookSecrets, URI sourceBaseUrl, String sourceToken, Map<String, String> secrets,
      GitHubSettings github) {
    this(listenHost, listenPort, dataDir, storeUrl, provider, maxSessions, webhookSecrets, sourceBaseUrl, sourceToken,
        secrets, github, null, LogFormat.TEXT, DEFAULT_REPORT_DRAIN, FleetSettings.defaults(), VmsConfig.NONE);
  }

  public ServerConfig {
    Objects.requireNonNull(listenHost, "listenHost");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(storeUrl, "storeUrl");
    Objects.requireNonNull(provider, "provider");
    webhookSecrets = List.copyOf(webhookSecrets);
    secrets = Map.copyOf(secrets);
    Objects.requireNonNull(github, "github");
    Objects.requireNonNull(logFormat, "logFormat");
    Objects.requireNonNull(reportDrain, "reportDrain");
    Objects.requireNonNull(fleet, "fleet");
    Objects.requireNonNull(vms, "vms");
  }

  /** This configuration with other quotas, pool and placement. */
  public ServerConfig withVms(VmsConfig value) {
    return new ServerConfig(listenHost, listenPort, dataDir, storeUrl, provider, maxSessions, webhookSecrets, sourceBaseUrl,
        sourceToken, secrets, github, publicUrl, logFormat, reportDrain, fleet, value);
  }

  /** This configuration listening on another port (tests take a free one with 0). */
  public ServerConfig withPort(int port) {
    return new ServerConfig(listenHost, port, dataDir, storeUrl, provider, maxSessions, webhookSecrets, sourceBaseUrl,
        sourceToken, secrets, github, publicUrl, logFormat, reportDrain, fleet, vms);
  }

  /** This configuration with other webhook secrets (rotation in tests). */
  public ServerConfig withWebhookSecrets(List<String> values) {
    return new ServerConfig(listenHost, listenPort, dataDir, storeUrl, provider, maxSessions, values, sourceBaseUrl,
        sourceToken, secrets, github, publicUrl, logFormat, reportDrain, fleet, vms);
  }

  /** This configuration with another public URL, log format and wait for reports on close. */
  public ServerConfig withServing(URI url, LogFormat format, Duration drain) {
    return new ServerConfig(listenHost, listenPort, dataDir, storeUrl, provider, maxSessions, webhookSecrets, sourceBaseUrl,
        sourceToken, secrets, github, url, format, drain, fleet, vms);
  }

  /** This configuration with other fleet settings. */
  public ServerConfig withFleet(FleetSettings value) {
    return new ServerConfig(listenHost, listenPort, dataDir, storeUrl, provider, maxSessions, webhookSecrets, sourceBaseUrl,
        sourceToken, secrets, github, publicUrl, logFormat, reportDrain, value, vms);
  }

  @Override
  public String toString() {
    return "ServerConfig[listen=" + listenHost + ":" + listenPort + ", dataDir=" + dataDir + ", store="
        + StoreUrls.redacted(storeUrl) + ", provider=" + provider + ", maxSessions=" + maxSessions + ", webhookSecrets="
        + webhookSecrets.size() + ", sourceBaseUrl=" + sourceBaseUrl + ", sourceToken=" + (sourceToken == null ? "none" : "***")
        + ", secrets=" + secrets.keySet() + ", github=" + github + ", publicUrl=" + publicUrl + ", logFormat=" + logFormat
        + ", reportDrain=" + reportDrain + ", fleet=" + fleet + ", vms=" + vms + "]";
  }
}
