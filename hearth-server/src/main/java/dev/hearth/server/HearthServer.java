package dev.hearth.server;

import dev.hearth.engine.RunListener;
import dev.hearth.engine.SessionManager;
import dev.hearth.engine.WorkflowExecutor;
import dev.hearth.server.fleet.FleetJobGate;
import dev.hearth.server.config.ServerConfig;
import dev.hearth.server.api.ApiRoutes;
import dev.hearth.server.live.LiveLogs;
import dev.hearth.server.metrics.HearthMetrics;
import dev.hearth.server.metrics.PoolGauge;
import dev.hearth.server.fleet.PoolReporter;
import dev.hearth.engine.quota.QuotaResolver;
import dev.hearth.server.queue.RunListeners;
import dev.hearth.server.queue.RunQueue;
import dev.hearth.server.web.WebPages;
import io.helidon.http.HeaderName;
import dev.hearth.server.queue.VmReaper;
import dev.hearth.server.source.Mirrors;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import dev.hearth.server.webhook.Signatures;
import dev.hearth.server.webhook.WebhookHandler;
import dev.hearth.vm.VmProvider;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import dev.hearth.server.github.GitHubReporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hearth serve} assembled: the store (migrated), the queue (recovered from the previous
 * process), the engine with the given provider under {@code max-sessions}, and the HTTP server
 * (Helidon SE: handlers on virtual threads) with {@code POST /webhook}, {@code /healthz},
 * {@code /readyz}, {@code /metrics}, the REST API under {@code /api} and the web view. Every run is
 * listened to by the store, live logs, metrics and, when the {@code github:} section can
 * authenticate, the GitHub reporter. Closing it stops accepting, cancels runs in flight (their VMs are released; runs
 * waiting for a slot stay queued) and closes the store; the provider is the caller's to close.
 */
public final class HearthServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HearthServer.class);
  private static final HeaderName EVENT = HeaderNames.create("X-GitHub-Event");

  private final Store store;
  private final RunQueue queue;
  private final WebServer web;
  private final Optional<GitHubReporter> reporter;
  private final Duration reportDrain;

  private HearthServer(Store store, RunQueue queue, WebServer web, Optional<GitHubReporter> reporter, Duration reportDrain) {
    this.store = store;
    this.queue = queue;
    this.web = web;
    this.reporter = reporter;
    this.reportDrain = reportDrain;
  }

  /**
   * Wiring beyond the configuration.
   *
   * @param pools the warm pools in front of the provider, for {@code /metrics} (empty: none)
   */
  public record Wiring(VmProvider provider, VmReaper reaper, Function<StoredRun, RunListener> extraListeners, Clock clock,
      List<PoolGauge> pools) {
    public Wiring {
      pools = List.copyOf(pools);
    }

    public Wiring(VmProvider provider, VmReaper reaper, Function<StoredRun, RunListener> extraListeners, Clock clock) {
      this(provider, reaper, extraListeners, clock, List.of());
    }

    public static Wiring of(VmProvider provider, VmReaper reaper) {
      return new Wiring(provider, reaper, run -> RunListener.NONE, Clock.systemUTC());
    }

    /** This wiring with the pools' figures on {@code /metrics}. */
    public Wiring withPools(List<PoolGauge> value) {
      return new Wiring(provider, reaper, extraListeners, clock, value);
    }
  }

  /** Starts the server; the store's errors and a port in use are thrown with a message naming them. */
  public static HearthServer start(ServerConfig config, Wiring wiring) {
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the data directory " + config.dataDir() + ": " + e.getMessage(), e);
    }
    // A host cut from a PostgreSQL store finds out well before its leases lapse (docs/fleet.md).
    Store store = Store.open(config.storeUrl(), config.fleet().storeCallTimeout());
    RunQueue queue = null;
    Optional<GitHubReporter> reporter = Optional.empty();
    try {
      SessionManager sessions = new SessionManager(wiring.provider(), config.maxSessions(), wiring.clock());
      FleetJobGate jobGate = new FleetJobGate(store.jobGroups(), config.fleet().hostId(), config.fleet().heartbeat(),
          wiring.clock());
      WorkflowExecutor executor = new WorkflowExecutor(sessions, wiring.clock())
          .withQuotas(new QuotaResolver(config.vms().quotas())).withJobGate(jobGate);
      Mirrors mirrors = new Mirrors(config.dataDir().resolve("mirrors"), config.sourceBaseUrl(), config.sourceToken());
      HearthMetrics metrics = new HearthMetrics(sessions, store);
      metrics.pools(wiring.pools());
      LiveLogs live = new LiveLogs();
      AtomicInteger port = new AtomicInteger(config.listenPort());
      List<RunListeners> listeners = new ArrayList<>();
      listeners.add((run, plan, payload) -> live.forRun(run.id()));
      listeners.add((run, plan, payload) -> metrics.forRun());
      reporter = GitHubReporting.reporter(config.github(), store, config.fleet(), wiring.clock());
      reporter.ifPresent(r -> listeners.add(GitHubReporting.listeners(r, id -> pageUrl(config, port.get(), id))));
      listeners.add((run, plan, payload) -> wiring.extraListeners().apply(run));
      queue = new RunQueue(store, config.dataDir(), mirrors, executor, config.secrets(), wiring.reaper(),
          RunListeners.all(listeners), config.fleet(), config.maxSessions(), sessions::openSessions, wiring.clock());
      metrics.fleet(store.fleet(), wiring.clock());
      queue.heartbeat().reportPools(new PoolReporter(wiring.pools()));
      queue.start();
      WebhookHandler webhook = new WebhookHandler(new Signatures(config.webhookSecrets()), queue);
      RunQueue runs = queue;
      WebServer web = WebServer.builder()
          .host(config.listenHost())
          .port(config.listenPort())
          .routing(r -> r
              .post("/webhook", (req, res) -> {
                try {
                  webhook.handle(req, res);
                } finally {
                  metrics.webhook(req.headers().first(EVENT).orElse(null), res.status().code());
                }
              })
              .get("/metrics", (req, res) -> {
                res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                res.send(metrics.scrape());
              })
              .register(rules -> ApiRoutes.register(rules, store, runs, live))
              .register(WebPages::register)
              .get("/healthz", (req, res) -> text(res, "ok"))
              .get("/readyz", (req, res) -> {
                if (store.isReachable()) {
                  text(res, "ready");
                } else {
                  res.status(io.helidon.http.Status.SERVICE_UNAVAILABLE_503);
                  text(res, "the store " + store + " does not answer");
                }
              }))
          .build()
          .start();
      if (!web.isRunning()) {
        web.stop();
        throw new IllegalStateException("cannot listen on " + config.listenHost() + ":" + config.listenPort()
            + " (in use, or not an address of this host; the web server's log above says which)");
      }
      LOG.info("hearth serve listening on http://{}:{} store={} provider={} max-sessions={} data-dir={} host={}",
          config.listenHost(), web.port(), store, wiring.provider().name(), config.maxSessions(), config.dataDir(),
          config.fleet().hostId());
      port.set(web.port());
      return new HearthServer(store, queue, web, reporter, config.reportDrain());
    } catch (RuntimeException e) {
      if (queue != null) queue.close();
      reporter.ifPresent(GitHubReporter::close);
      store.close();
      throw e;
    }
  }

  /**
   * Where run {@code id}'s page is: under the configured {@code public-url}, else on the listen
   * address (a loopback address when listening on every address).
   */
  static String pageUrl(ServerConfig config, int port, long id) {
    if (config.publicUrl() != null) return config.publicUrl().toString().replaceAll("/+$", "") + "/runs/" + id;
    String host = config.listenHost().equals("0.0.0.0") || config.listenHost().equals("::") ? "127.0.0.1" : config.listenHost();
    if (host.contains(":")) host = "[" + host + "]";
    return "http://" + host + ":" + port + "/runs/" + id;
  }

  private static void text(io.helidon.webserver.http.ServerResponse res, String body) {
    res.header(HeaderNames.CONTENT_TYPE, "text/plain");
    res.send(body);
  }

  /** The port it listens on (the one picked when configured with 0). */
  public int port() {
    return web.port();
  }

  public Store store() {
    return store;
  }

  public RunQueue queue() {
    return queue;
  }

  /**
   * Stops: no more webhooks are taken, runs in flight are cancelled (their VMs released), the reports
   * to GitHub still queued get up to {@code github.shutdown-wait} to go out (those that do not stay in
   * the store's outbox for the next start or another host), then the store closes.
   */
  @Override
  public void close() {
    web.stop();
    queue.close();
    reporter.ifPresent(this::drain);
    store.close();
    LOG.info("hearth serve stopped");
  }

  private void drain(GitHubReporter r) {
    try {
      List<String> left = r.awaitReported(reportDrain);
      if (!left.isEmpty()) {
        LOG.warn("reports to GitHub of run(s) {} still not sent after {} s: left in the store, sent after a restart "
            + "or by another host of the fleet", left, reportDrain.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("interrupted while waiting for the reports to GitHub; those not sent stay in the store");
    } finally {
      r.close();
    }
  }
}
