package dev.hearth.server;

import dev.hearth.engine.RunListener;
import dev.hearth.server.config.FleetSettings;
import dev.hearth.server.config.GitHubSettings;
import dev.hearth.server.github.AppAuth;
import dev.hearth.server.github.CheckRuns;
import dev.hearth.server.github.CommitStatuses;
import dev.hearth.server.github.GitHubAuth;
import dev.hearth.server.github.GitHubClient;
import dev.hearth.server.github.GitHubEndpoint;
import dev.hearth.server.github.GitHubReporter;
import dev.hearth.server.github.ReportSender;
import dev.hearth.server.github.ReportTarget;
import dev.hearth.server.queue.RunListeners;
import dev.hearth.server.store.Store;
import java.time.Clock;
import java.util.Optional;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reporting to GitHub as configured in the {@code github:} section: a check run (or a commit status)
 * per job of every run, with the run's page on this server as the details URL, through the store's
 * outbox (so any live host of the fleet sends what a dead one left). Without a token or an App
 * nothing is reported.
 */
final class GitHubReporting {
  private static final Logger LOG = LoggerFactory.getLogger(GitHubReporting.class);

  private GitHubReporting() {}

  /**
   * The reporter the settings describe, sending through {@code store}'s outbox as host {@code fleet.hostId()}
   * (its sender is started: it sends what other hosts left), or empty when they give no way to authenticate.
   */
  static Optional<GitHubReporter> reporter(GitHubSettings settings, Store store, FleetSettings fleet, Clock clock) {
    if (!settings.canAuthenticate()) return Optional.empty();
    GitHubClient client = GitHubClient.create(GitHubEndpoint.at(settings.apiUrl().toString()));
    GitHubAuth auth = settings.appId() != null && settings.privateKeyFile() != null
        ? AppAuth.create(String.valueOf(settings.appId()), settings.privateKeyFile(), client)
        : GitHubAuth.token(settings.token());
    GitHubReporter.Mode mode = settings.report() == GitHubSettings.Report.STATUSES
        ? GitHubReporter.Mode.COMMIT_STATUSES : GitHubReporter.Mode.CHECK_RUNS;
    LOG.info("reporting to GitHub at {} as {} with {}", settings.apiUrl(), mode,
        auth instanceof AppAuth ? "GitHub App " + settings.appId() : "a token");
    ReportSender sender = new ReportSender(store.reports(), new CheckRuns(client, auth), new CommitStatuses(client, auth),
        fleet.hostId(), fleet.lease(), clock);
    sender.start(fleet.heartbeat());
    return Optional.of(new GitHubReporter(mode, sender));
  }

  /** The listeners reporting each run; {@code pageUrl} gives a run's page on this server. */
  static RunListeners listeners(GitHubReporter reporter, LongFunction<String> pageUrl) {
    return (run, plan, payload) -> {
      try {
        return reporter.forRun(run.id(), run.attempts(), plan, ReportTarget.fromPayload(payload, run.sha(), pageUrl.apply(run.id())));
      } catch (IllegalArgumentException e) {
        LOG.warn("run={} delivery={} not reported to GitHub: {}", run.id(), run.deliveryId(), e.getMessage());
        return RunListener.NONE;
      }
    };
  }
}
