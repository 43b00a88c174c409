package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.server.store.Delivery;
import dev.hearth.server.store.HostRecord;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import dev.hearth.server.store.VmRecord;
import dev.hearth.testing.GitDaemon;
import dev.hearth.testing.PostgresCluster;
import dev.hearth.testing.PushPayloads;
import dev.hearth.testing.github.FakeCheckRun;
import dev.hearth.testing.github.FakeGitHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code hearth serve} processes on loopback sharing one real PostgreSQL: deliveries spread
 * over them, redeliveries sent to another host, one host SIGKILLed mid-way and started again, all
 * reporting to one fake GitHub (one check run per run, none left open); and a concurrency group with
 * {@code cancel-in-progress} across two hosts, at workflow and at job level.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FleetIT {
  static final int MAX_SESSIONS = 3;
  static final long APP_ID = 9191;
  static PostgresCluster postgres;

  @TempDir Path tmp;

  @BeforeAll
  static void startPostgres() throws Exception {
    Assumptions.assumeTrue(PostgresCluster.binaries().isPresent(),
        "PostgreSQL's server (initdb, pg_ctl under /usr/lib/postgresql/*/bin) is not installed: apt-get install postgresql");
    postgres = PostgresCluster.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) postgres.close();
  }

  @Test
  void threeHostsRunEveryDeliveryOnceThroughAKilledAndRestartedHost() throws Exception {
    String url = postgres.newDatabase();
    try (GitDaemon git = GitDaemon.start(tmp.resolve("served")); Store store = Store.open(url);
        FakeGitHub github = FakeGitHub.start()) {
      GitDaemon.Repository repo = git.create("octo/fleet", "main");
      String sha = repo.file(".github/workflows/ci.yml", """
          on: push
          jobs:
            quick:
              runs-on: ubuntu-latest
              steps:
                - run: sleep 0.3
          """).commitAndPush();
      byte[] body = withInstallation(PushPayloads.push("octo/fleet", "https://github.com/octo/fleet.git", "main", sha));
      String githubConfig = githubApp(github, tmp);
      List<FleetHost> hosts = new ArrayList<>();
      for (String id : List.of("h1", "h2", "h3")) hosts.add(FleetHost.start(tmp, id, url, git.baseUrl(), MAX_SESSIONS,
          "retry-on-host-loss: 1", githubConfig));
      Instant killedAt = null;
      Instant started = Instant.now();
      System.out.println("[fleet] three hosts started");
      try {
        // In chunks of ten sent at once (as GitHub sends concurrently), each chunk followed by one
        // redelivery to another host; h2 is killed before delivery 150 and back before 210.
        Map<String, Integer> sentTo = new java.util.concurrent.ConcurrentHashMap<>();
        int redelivered = 0;
        try (var senders = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
          for (int chunk = 0; chunk < 30; chunk++) {
            if (chunk == 15) {
              await("h2 to hold a lease", store.fleet()::hosts, hs -> leasesOf(hs, "h2") > 0);
              hosts.get(1).kill();
              killedAt = Instant.now();
            }
            if (chunk == 21) {
              hosts.set(1, FleetHost.start(tmp, "h2", url, git.baseUrl(), MAX_SESSIONS, "retry-on-host-loss: 1", githubConfig));
            }
            boolean h2Down = chunk >= 15 && chunk < 21;
            List<java.util.concurrent.Future<Integer>> sent = new ArrayList<>();
            for (int i = chunk * 10; i < chunk * 10 + 10; i++) {
              String id = "delivery-" + i;
              int target = i % 3 == 1 && h2Down ? 2 : i % 3;
              FleetHost host = hosts.get(target);
              sentTo.put(id, target);
              sent.add(senders.submit(() -> host.client().send("push", id, body, FleetHost.SECRET).statusCode()));
            }
            for (var f : sent) assertThat(f.get()).isEqualTo(202);
            String again = "delivery-" + (chunk * 10 + 2);
            int other = (sentTo.get(again) + 1) % 3;
            if (h2Down && other == 1) other = 2;
            assertThat(hosts.get(other).client().send("push", again, body, FleetHost.SECRET).statusCode()).isLessThan(300);
            redelivered++;
          }
        }
        assertThat(redelivered).isEqualTo(30);
        System.out.println("[fleet] 330 deliveries sent in " + Duration.between(started, Instant.now()).toMillis() + " ms");

        List<StoredRun> runs = await("every run to finish", store::runs,
            rs -> rs.size() == 300 && rs.stream().allMatch(r -> r.state().equals(StoredRun.FINISHED)));
        System.out.println("[fleet] every run finished " + Duration.between(started, Instant.now()).toMillis()
            + " ms after the first delivery");
        for (int i = 0; i < 300; i++) {
          assertThat(store.delivery("delivery-" + i)).get().extracting(Delivery::state).isEqualTo(Delivery.State.PLANNED);
          assertThat(store.runsOf("delivery-" + i)).hasSize(1);
        }
        Map<String, Long> outcomes = new TreeMap<>();
        runs.forEach(r -> outcomes.merge(r.conclusion() + (r.reason() == null ? "" : " (" + r.reason() + ")"), 1L, Long::sum));
        System.out.println("[fleet] outcomes: " + outcomes);
        assertThat(runs).allSatisfy(r -> assertThat(r.conclusion()).as("run %s: %s", r.id(), r.reason())
            .isIn("success", "failure"));
        // h2's runs when it died; under heavy load a live host may also stall past its lease (then its
        // runs are taken over: the same path) or fence itself when it could not renew in time
        assertThat(runs).filteredOn(r -> r.conclusion().equals("failure"))
            .allSatisfy(r -> assertThat(r.reason()).matches("host h[123] stopped renewing its lease|runner restarted"
            + "|host h[123] could not renew its lease \\(database unreachable since \\S+\\): stopped here so that another "
            + "host can take the run over"));

        await("h2 to reap the VMs it left", store.progress()::allocatedVms, List::isEmpty);
        for (String id : List.of("h1", "h2", "h3")) {
          assertThat(ServeRestartIT.vmProcesses(tmp.resolve(id))).as("no step process of %s left", id).isEmpty();
          // h2 reaped at its restart what its killed process left: the VMs it recorded, and the empty work
          // directory of a VM it was killed allocating, before recording it
          try (Stream<Path> left = Files.list(FleetHost.vms(tmp, id))) {
            assertThat(left.toList()).as("no host VM work directory of %s left", id).isEmpty();
          }
        }
        // GitHub: one check run per run (one job each), none left open, whichever host reported it
        await("every report to GitHub to be sent", store.reports()::unsentCount, n -> n == 0);
        List<FakeCheckRun> checks = github.checkRuns("octo", "fleet");
        Map<String, Long> perLeg = new TreeMap<>();
        checks.forEach(c -> perLeg.merge(c.externalId(), 1L, Long::sum));
        System.out.println("[fleet] " + checks.size() + " check runs on GitHub, " + github.requests().size() + " requests");
        assertThat(perLeg).as("check runs per (run, leg)").hasSize(300).allSatisfy((leg, n) -> assertThat(n).as(leg).isOne());
        assertThat(checks).allSatisfy(c -> assertThat(c.current().status()).as(c.externalId()).isEqualTo("completed"));
        Map<Long, String> conclusions = new HashMap<>();
        runs.forEach(r -> conclusions.put(r.id(), r.conclusion()));
        assertThat(checks).allSatisfy(c -> assertThat(c.current().conclusion()).as(c.externalId())
            .isEqualTo(conclusions.get(Long.parseLong(c.externalId().replaceFirst("/.*", "")))));

        Map<String, Integer> peaks = peakSessions(store, killedAt);
        System.out.println("[fleet] most sessions open at once per host (from VM records): " + peaks
            + "; heartbeat peaks: " + store.fleet().hosts().stream().map(h -> h.hostId() + "=" + h.sessionsPeak()).toList());
        assertThat(peaks).containsOnlyKeys("h1", "h2", "h3").allSatisfy((host, peak) -> assertThat(peak).isBetween(1, MAX_SESSIONS));
        assertThat(store.fleet().hosts()).allSatisfy(h -> assertThat(h.sessionsPeak()).isLessThanOrEqualTo(MAX_SESSIONS));
      } finally {
        for (FleetHost h : hosts) h.stop();
      }
    }
  }

  @Test
  void aNewPushToAConcurrencyGroupOnAnotherHostCancelsTheRunInProgress() throws Exception {
    String url = postgres.newDatabase();
    try (GitDaemon git = GitDaemon.start(tmp.resolve("served")); Store store = Store.open(url)) {
      GitDaemon.Repository repo = git.create("octo/deploy", "main");
      String workflow = """
          on: push
          concurrency:
            group: deploy-${{ github.ref }}
            cancel-in-progress: true
          jobs:
            deploy:
              runs-on: ubuntu-latest
              steps:
                - run: %s
          """;
      String slow = repo.file(".github/workflows/deploy.yml", workflow.formatted("sleep 60")).commitAndPush();
      String quick = repo.file(".github/workflows/deploy.yml", workflow.formatted("true")).commitAndPush();
      FleetHost first = FleetHost.start(tmp, "c1", url, git.baseUrl(), 2, "");
      FleetHost second = FleetHost.start(tmp, "c2", url, git.baseUrl(), 2, "");
      try {
        assertThat(first.client().send("push", "push-1", PushPayloads.push("octo/deploy", "https://github.com/octo/deploy.git",
            "main", slow), FleetHost.SECRET).statusCode()).isEqualTo(202);
        await("the first run's step to start", () -> store.runsOf("push-1"),
            rs -> rs.size() == 1 && !store.progress().steps(rs.getFirst().id()).isEmpty());
        assertThat(second.client().send("push", "push-2", PushPayloads.push("octo/deploy", "https://github.com/octo/deploy.git",
            "main", quick), FleetHost.SECRET).statusCode()).isEqualTo(202);
        StoredRun second2 = await("the second run to finish", () -> store.runsOf("push-2"),
            rs -> rs.size() == 1 && rs.getFirst().state().equals(StoredRun.FINISHED)).getFirst();
        StoredRun first1 = store.runsOf("push-1").getFirst();
        assertThat(first1.conclusion()).isEqualTo("cancelled");
        assertThat(second2.conclusion()).isEqualTo("success");
        assertThat(second2.startedAt()).as("the second waited for the first to end").isAfterOrEqualTo(first1.finishedAt());
        assertThat(store.progress().vmsOf(first1.id())).singleElement()
            .satisfies(v -> assertThat(v.state()).isEqualTo("released"));

        String metrics = second.client().get("/metrics").body();
        assertThat(metrics).contains("hearth_fleet_host_sessions_max{host=\"c1\"} 2.0")
            .contains("hearth_fleet_host_alive{host=\"c2\"} 1.0").containsPattern("hearth_fleet_host_leases\\{host=\"c1\"\\} 0.0");
        // SESSIONS is what each host said at its last heartbeat: c1's cancelled run may still count
        // until c1's next beat (a fifth of the lease)
        String fleet = await("hearth fleet to show c1 with no session open", () -> {
          java.io.StringWriter out = new java.io.StringWriter();
          assertThat(Main.execute(new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter()), "fleet",
              "--store", url)).isZero();
          return out.toString();
        }, text -> java.util.regex.Pattern.compile("c1\\s+alive\\s+\\S+ ago\\s+0/2").matcher(text).find());
        assertThat(fleet).containsPattern("c2\\s+alive").contains("2 of 2 host(s) alive, 0 run(s) queued");
      } finally {
        first.stop();
        second.stop();
      }
    }
  }

  /** The {@code github:} section for a GitHub App registered with {@code github} (its key written under {@code dir}). */
  static String githubApp(FakeGitHub github, Path dir) throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    java.security.KeyPair pair = g.generateKeyPair();
    github.registerApp(APP_ID, pair.getPublic());
    Path key = Files.writeString(dir.resolve("app.pem"), "-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    return """
        github:
          api-url: %s
          app-id: %d
          private-key-file: %s
        """.formatted(github.baseUrl(), APP_ID, key);
  }

  /** {@code payload} as an App's webhook has it: with {@code installation.id}. */
  static byte[] withInstallation(byte[] payload) throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var node = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(payload);
    node.putObject("installation").put("id", 4242);
    return json.writeValueAsBytes(node);
  }

  @Test
  void aNewPushWhoseJobSharesAGroupOnAnotherHostCancelsTheJobInProgress() throws Exception {
    String url = postgres.newDatabase();
    try (GitDaemon git = GitDaemon.start(tmp.resolve("served")); Store store = Store.open(url)) {
      GitDaemon.Repository repo = git.create("octo/jobs", "main");
      String workflow = """
          on: push
          jobs:
            build:
              runs-on: ubuntu-latest
              steps:
                - run: echo built
            deploy:
              needs: build
              runs-on: ubuntu-latest
              concurrency:
                group: Deploy-${{ github.ref }}
                cancel-in-progress: true
              steps:
                - run: %s
          """;
      String slow = repo.file(".github/workflows/deploy.yml", workflow.formatted("sleep 60")).commitAndPush();
      String quick = repo.file(".github/workflows/deploy.yml", workflow.formatted("echo deployed")).commitAndPush();
      FleetHost first = FleetHost.start(tmp, "j1", url, git.baseUrl(), 2, "");
      FleetHost second = FleetHost.start(tmp, "j2", url, git.baseUrl(), 2, "");
      try {
        assertThat(first.client().send("push", "jobs-1", PushPayloads.push("octo/jobs", "https://github.com/octo/jobs.git",
            "main", slow), FleetHost.SECRET).statusCode()).isEqualTo(202);
        await("the first run's deploy step to start", () -> store.runsOf("jobs-1"), rs -> rs.size() == 1
            && store.progress().steps(rs.getFirst().id()).stream().anyMatch(s -> s.jobId().equals("deploy")));
        assertThat(second.client().send("push", "jobs-2", PushPayloads.push("octo/jobs", "https://github.com/octo/jobs.git",
            "main", quick), FleetHost.SECRET).statusCode()).isEqualTo(202);
        StoredRun run2 = await("the second run to finish", () -> store.runsOf("jobs-2"),
            rs -> rs.size() == 1 && rs.getFirst().state().equals(StoredRun.FINISHED)).getFirst();
        StoredRun run1 = await("the first run to finish", () -> store.runsOf("jobs-1"),
            rs -> rs.getFirst().state().equals(StoredRun.FINISHED)).getFirst();
        assertThat(run1.conclusion()).isEqualTo("cancelled");
        assertThat(run2.conclusion()).isEqualTo("success");
        assertThat(store.progress().jobs(run1.id())).extracting(j -> j.jobId() + "=" + j.conclusion())
            .containsExactlyInAnyOrder("build=success", "deploy=cancelled");
        assertThat(store.progress().jobs(run2.id())).extracting(j -> j.jobId() + "=" + j.conclusion())
            .containsExactlyInAnyOrder("build=success", "deploy=success");
        String log1 = String.join("\n", store.progress().logs(run1.id()).stream().map(c -> c.text()).toList());
        String log2 = String.join("\n", store.progress().logs(run2.id()).stream().map(c -> c.text()).toList());
        assertThat(log2).contains("job deploy is waiting for concurrency group 'Deploy-refs/heads/main' (held by run "
            + run1.id() + " job deploy)").contains("deployed");
        assertThat(log1).contains("job deploy cancelled by run " + run2.id()
            + " job deploy of concurrency group 'Deploy-refs/heads/main' (cancel-in-progress)");
        assertThat(store.progress().vmsOf(run1.id())).singleElement()
            .satisfies(v -> assertThat(v.state()).isEqualTo("released"));
      } finally {
        first.stop();
        second.stop();
      }
    }
  }

  static int leasesOf(List<HostRecord> hosts, String id) {
    return hosts.stream().filter(h -> h.hostId().equals(id)).mapToInt(HostRecord::leases).sum();
  }

  /**
   * Each host's most VMs open at once, from the VM records: allocated to released, and for the VMs
   * of the killed host to the moment it was killed (their reaping comes later, after the restart).
   */
  static Map<String, Integer> peakSessions(Store store, Instant killedAt) {
    Map<String, String> owners = store.progress().vmOwners();
    Map<String, List<long[]>> events = new HashMap<>();
    for (VmRecord vm : store.progress().vms()) {
      String host = owners.get(vm.vmId());
      Instant end = vm.state().equals("reaped") && vm.allocatedAt().isBefore(killedAt) ? killedAt : vm.releasedAt();
      List<long[]> e = events.computeIfAbsent(host, k -> new ArrayList<>());
      e.add(new long[] {vm.allocatedAt().toEpochMilli(), 1});
      e.add(new long[] {end.toEpochMilli(), -1});
    }
    Map<String, Integer> peaks = new TreeMap<>();
    events.forEach((host, e) -> {
      e.sort(Comparator.<long[]>comparingLong(x -> x[0]).thenComparingLong(x -> x[1]));
      int open = 0;
      int peak = 0;
      for (long[] x : e) peak = Math.max(peak, open += (int) x[1]);
      peaks.put(host, peak);
    });
    return peaks;
  }

  static <T> T await(String what, Supplier<T> value, Predicate<T> done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    T last = value.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) throw new AssertionError("gave up waiting for " + what + "; last seen: " + shorten(last));
      Thread.sleep(100);
      last = value.get();
    }
    return last;
  }

  private static String shorten(Object o) {
    String s = String.valueOf(o);
    return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
  }

}
