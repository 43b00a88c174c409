package dev.hearth.bench;

import dev.hearth.engine.RunEvent;
import dev.hearth.engine.RunListener;
import dev.hearth.server.HearthServer;
import dev.hearth.server.config.GitHubSettings;
import dev.hearth.server.config.ServerConfig;
import dev.hearth.server.queue.HostWorkspaceReaper;
import dev.hearth.testing.GitDaemon;
import dev.hearth.testing.PushPayloads;
import dev.hearth.testing.WebhookClient;
import dev.hearth.vm.host.HostVmProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code hearth serve} end to end, over real HTTP on loopback, SQLite store, host provider.
 *
 * <ul>
 *   <li>{@link #webhookToFirstStep}: a signed push for a repository served by {@code git daemon}
 *       (already mirrored: the commit is known, so no network fetch) until its first step starts:
 *       intake, planning (checkout of the commit), admission, VM allocation, workspace copy, setup.
 *       Target: at most 50 ms, the median of the samples.
 *   <li>{@link #intake}: signed deliveries (branch-deletion pushes: stored and queued, then ignored by
 *       the planner without git) accepted per second, {@value #BATCH} in flight at once. Target: at
 *       least 1,000 a second on 2 cores.
 * </ul>
 */
@State(Scope.Benchmark)
public class ServeBench {
  static final int BATCH = 64;
  static final String SECRET = "bench-secret";

  private Path dir;
  private GitDaemon git;
  private HostVmProvider provider;
  private HearthServer server;
  private WebhookClient client;
  private HttpClient http;
  private URI webhook;
  private byte[] push;
  private byte[] deletion;
  private final Map<String, CompletableFuture<Void>> firstStep = new ConcurrentHashMap<>();
  private final AtomicLong deliveries = new AtomicLong();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("hearth-serve-bench");
    git = GitDaemon.start(dir.resolve("served"));
    GitDaemon.Repository repo = git.create("bench/repo", "main");
    String sha = repo.file(".github/workflows/ci.yml", """
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: "true"
        """).commitAndPush();
    ServerConfig config = new ServerConfig("127.0.0.1", 0, dir.resolve("data"), "sqlite:" + dir.resolve("data/hearth.db"),
        "host", 4, List.of(SECRET), URI.create(git.baseUrl()), null, Map.of(), GitHubSettings.defaults());
    provider = HostVmProvider.create(dir.resolve("vms"));
    server = HearthServer.start(config, new HearthServer.Wiring(provider, new HostWorkspaceReaper(provider.root()),
        run -> firstStepListener(run.deliveryId()), Clock.systemUTC()));
    client = new WebhookClient(server.port());
    http = HttpClient.newHttpClient();
    webhook = URI.create("http://127.0.0.1:" + server.port() + "/webhook");
    push = PushPayloads.push("bench/repo", "https://github.com/bench/repo.git", "main", sha);
    deletion = new String(PushPayloads.push("bench/repo", "https://github.com/bench/repo.git", "gone", "0".repeat(40)),
        StandardCharsets.UTF_8).replace("\"deleted\":false", "\"deleted\":true").getBytes(StandardCharsets.UTF_8);
    webhookToFirstStep();
  }

  private RunListener firstStepListener(String delivery) {
    return event -> {
      if (event instanceof RunEvent.StepStarted) {
        CompletableFuture<Void> f = firstStep.get(delivery);
        if (f != null) f.complete(null);
      }
    };
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void webhookToFirstStep() throws Exception {
    String id = "lat-" + deliveries.incrementAndGet();
    CompletableFuture<Void> started = new CompletableFuture<>();
    firstStep.put(id, started);
    HttpResponse<String> r = client.send("push", id, push, SECRET);
    if (r.statusCode() != 202) throw new IllegalStateException("webhook answered " + r.statusCode() + ": " + r.body());
    started.get(60, TimeUnit.SECONDS);
    firstStep.remove(id);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public void intake() throws Exception {
    List<CompletableFuture<HttpResponse<Void>>> inFlight = new ArrayList<>(BATCH);
    String signature = WebhookClient.sign(SECRET, deletion);
    for (int i = 0; i < BATCH; i++) {
      inFlight.add(http.sendAsync(HttpRequest.newBuilder(webhook)
          .header("Content-Type", "application/json")
          .header("X-GitHub-Event", "push")
          .header("X-GitHub-Delivery", UUID.randomUUID().toString())
          .header("X-Hub-Signature-256", signature)
          .POST(HttpRequest.BodyPublishers.ofByteArray(deletion)).build(), HttpResponse.BodyHandlers.discarding()));
    }
    for (CompletableFuture<HttpResponse<Void>> f : inFlight) {
      int status = f.get(60, TimeUnit.SECONDS).statusCode();
      if (status != 202) throw new IllegalStateException("webhook answered " + status);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    server.close();
    provider.close();
    git.close();
  }
}
