package dev.hearth.server;

import dev.hearth.engine.RunListener;
import dev.hearth.server.config.GitHubSettings;
import dev.hearth.server.github.AppAuth;
import dev.hearth.server.github.GitHubAuth;
import dev.hearth.server.github.GitHubClient;
import dev.hearth.server.github.GitHubEndpoint;
import dev.hearth.server.github.GitHubReporter;
import dev.hearth.server.github.ReportTarget;
import dev.hearth.server.queue.RunListeners;
import java.util.Optional;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reporting to GitHub as configured in the {@code github:} section: a check run (or a commit status)
 * per job of every run, with the run's page on this server as the details URL. Without a token or an
 * App nothing is reported.
 */
final class GitHubReporting {
  private static final Logger LOG = LoggerFactory.getLogger(GitHubReporting.class);

  private GitHubReporting() {}

  /** The reporter the settings describe, or empty when they give no way to authenticate. */
  static Optional<GitHubReporter> reporter(GitHubSettings settings) {
    if (!settings.canAuthenticate()) return Optional.empty();
    GitHubClient client = GitHubClient.create(GitHubEndpoint.at(settings.apiUrl().toString()));
    GitHubAuth auth = settings.appId() != null && settings.privateKeyFile() != null
        ? AppAuth.create(String.valueOf(settings.appId()), settings.privateKeyFile(), client)
        : GitHubAuth.token(settings.token());
    GitHubReporter.Mode mode = settings.report() == GitHubSettings.Report.STATUSES
        ? GitHubReporter.Mode.COMMIT_STATUSES : GitHubReporter.Mode.CHECK_RUNS;
    LOG.info("reporting to GitHub at {} as {} with {}", settings.apiUrl(), mode,
        auth instanceof AppAuth ? "GitHub App " + settings.appId() : "a token");
    return Optional.of(new GitHubReporter(mode, client, auth));
  }

  /** The listeners reporting each run; {@code pageUrl} gives a run's page on this server. */
  static RunListeners listeners(GitHubReporter reporter, LongFunction<String> pageUrl) {
    return (run, plan, payload) -> {
      try {
        return reporter.forRun(String.valueOf(run.id()), plan, ReportTarget.fromPayload(payload, run.sha(), pageUrl.apply(run.id())));
      } catch (IllegalArgumentException e) {
        LOG.warn("run={} delivery={} not reported to GitHub: {}", run.id(), run.deliveryId(), e.getMessage());
        return RunListener.NONE;
      }
    };
  }
}
