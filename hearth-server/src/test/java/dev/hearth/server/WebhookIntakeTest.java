package dev.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.server.store.Delivery;
import dev.hearth.server.store.StoredRun;
import dev.hearth.testing.GitDaemon;
import dev.hearth.testing.PushPayloads;
import dev.hearth.testing.WebhookClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /webhook} over real HTTP against the real server on loopback, with repositories served
 * by a real {@code git daemon}: every bad input of issue 5 gets its status and a log line, and
 * nothing is run or lost wrongly; a signed push runs its workflow end to end in the host provider.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WebhookIntakeTest {
  static final String SECRET = "it's-a-secret";
  static final String CI = """
      name: ci
      on:
        push:
          branches: [main]
      jobs:
        build:
          runs-on: ubuntu-latest
          steps:
            - run: echo "hello from $GITHUB_SHA"
            - run: echo "token is ${{ secrets.TOKEN }}"
      """;

  static final String PR = """
      on: pull_request
      jobs:
        check:
          runs-on: ubuntu-latest
          steps:
            - run: echo "secret is [${{ secrets.TOKEN }}]"
      """;

  static final String DISPATCH = """
      on:
        workflow_dispatch:
          inputs:
            greeting:
              required: true
      jobs:
        greet:
          runs-on: ubuntu-latest
          steps:
            - run: echo "${{ inputs.greeting }} at $GITHUB_SHA"
      """;

  @TempDir static Path shared;
  static GitDaemon git;
  static GitDaemon.Repository repo;
  static String sha;

  @TempDir Path dataDir;

  @BeforeAll
  static void serveRepository() throws Exception {
    git = GitDaemon.start(shared.resolve("served"));
    repo = git.create("octo/hello", "main");
    sha = repo.file(".github/workflows/ci.yml", CI).file(".github/workflows/pr.yml", PR).file(".github/workflows/dispatch.yml", DISPATCH).file("README.md", "hi\n").commitAndPush();
  }

  @AfterAll
  static void stopGit() {
    if (git != null) git.close();
  }

  ServeFixture serve(String... secrets) {
    return ServeFixture.start(ServeFixture.config(dataDir, "sqlite:" + dataDir.resolve("hearth.db"), git.baseUrl(), List.of(secrets)));
  }

  static byte[] push(String branch, String commit) {
    return PushPayloads.push(repo.fullName(), "https://github.com/octo/hello.git", branch, commit);
  }

  @Test
  void signedPushRunsItsWorkflowAndStoresStateAndMaskedLogs() throws Exception {
    try (ServeFixture s = serve(SECRET)) {
      HttpResponse<String> r = s.client.send("push", "d-e2e", push("main", sha), SECRET);
      assertThat(r.statusCode()).isEqualTo(202);
      StoredRun run = Eventually.await("the run to finish", () -> s.store().runsOf("d-e2e"),
          runs -> runs.size() == 1 && runs.getFirst().state().equals(StoredRun.FINISHED)).getFirst();
      assertThat(run.conclusion()).isEqualTo("success");
      assertThat(run.sha()).isEqualTo(sha);
      assertThat(run.attempts()).isEqualTo(1);
      String logs = String.join("\n", s.store().progress().logs(run.id()).stream().map(c -> c.text()).toList());
      assertThat(logs).contains("hello from " + sha).contains("token is ***").doesNotContain("s3cr3t-value");
      assertThat(s.store().progress().jobs(run.id())).singleElement().satisfies(j -> assertThat(j.conclusion()).isEqualTo("success"));
      assertThat(s.store().progress().steps(run.id())).hasSizeGreaterThanOrEqualTo(2)
          .allSatisfy(st -> assertThat(st.state()).isEqualTo("finished"));
      assertThat(s.store().progress().vms()).singleElement().satisfies(vm -> assertThat(vm.state()).isEqualTo("released"));
      assertThat(s.store().delivery("d-e2e").orElseThrow().state()).isEqualTo(Delivery.State.PLANNED);
    }
  }

  static byte[] pullRequest(String headRepository) {
    return """
        {"action":"opened","number":7,"pull_request":{"number":7,"state":"open",
          "head":{"ref":"feature","sha":"%1$s","repo":{"full_name":"%2$s"}},
          "base":{"ref":"main","sha":"%1$s","repo":{"full_name":"octo/hello"}}},
         "repository":{"full_name":"octo/hello","clone_url":"https://github.com/octo/hello.git","default_branch":"main"},
         "sender":{"login":"someone"}}
        """.formatted(sha, headRepository).getBytes(StandardCharsets.UTF_8);
  }

  String runLogs(ServeFixture s, String delivery) throws InterruptedException {
    StoredRun run = Eventually.await("the run of " + delivery + " to finish", () -> s.store().runsOf(delivery),
        runs -> runs.size() == 1 && runs.getFirst().state().equals(StoredRun.FINISHED)).getFirst();
    assertThat(run.conclusion()).isEqualTo("success");
    return String.join("\n", s.store().progress().logs(run.id()).stream().map(c -> c.text()).toList());
  }

  @Test
  void pullRequestFromAForkRunsWithoutSecretsAndOneFromTheRepositoryWithThem() throws Exception {
    try (ServeFixture s = serve(SECRET)) {
      assertThat(s.client.send("pull_request", "d-fork", pullRequest("evil/hello"), SECRET).statusCode()).isEqualTo(202);
      assertThat(s.client.send("pull_request", "d-same", pullRequest("octo/hello"), SECRET).statusCode()).isEqualTo(202);
      assertThat(runLogs(s, "d-fork")).contains("secret is []");
      assertThat(s.store().runsOf("d-fork").getFirst().fork()).isTrue();
      assertThat(runLogs(s, "d-same")).contains("secret is [***]");
    }
  }

  @Test
  void workflowDispatchRunsTheNamedWorkflowAtTheRefsCommitWithItsInputs() throws Exception {
    byte[] body = """
        {"ref":"refs/heads/main","workflow":".github/workflows/dispatch.yml","inputs":{"greeting":"howdy"},
         "repository":{"full_name":"octo/hello","clone_url":"https://github.com/octo/hello.git"},"sender":{"login":"me"}}
        """.getBytes(StandardCharsets.UTF_8);
    try (ServeFixture s = serve(SECRET)) {
      assertThat(s.client.send("workflow_dispatch", "d-dispatch", body, SECRET).statusCode()).isEqualTo(202);
      assertThat(runLogs(s, "d-dispatch")).contains("howdy at " + sha);
      assertThat(s.store().runsOf("d-dispatch")).singleElement()
          .satisfies(r -> assertThat(r.workflowFile()).isEqualTo(".github/workflows/dispatch.yml"));
    }
  }

  @Test
  void aSignedPushRunsToTheEndWithAPostgresqlStore() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(dev.hearth.testing.PostgresCluster.binaries().isPresent(),
        "PostgreSQL's server (initdb, pg_ctl under /usr/lib/postgresql/*/bin) is not installed: apt-get install postgresql");
    try (var postgres = dev.hearth.testing.PostgresCluster.start();
        ServeFixture s = ServeFixture.start(ServeFixture.config(dataDir, postgres.newDatabase(), git.baseUrl(), List.of(SECRET)))) {
      assertThat(s.client.send("push", "d-pg", push("main", sha), SECRET).statusCode()).isEqualTo(202);
      assertThat(s.client.send("push", "d-pg", push("main", sha), SECRET).statusCode()).isEqualTo(200);
      assertThat(runLogs(s, "d-pg")).contains("hello from " + sha);
      assertThat(s.store().progress().vms()).singleElement().satisfies(vm -> assertThat(vm.state()).isEqualTo("released"));
    }
  }

  @Test
  void healthAndReadinessAnswer() throws Exception {
    try (ServeFixture s = serve(SECRET)) {
      assertThat(s.client.get("/healthz").body()).isEqualTo("ok");
      assertThat(s.client.get("/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void missingSignatureIsRefusedWith401AndLoggedAndNothingStored() throws Exception {
    try (ServeFixture s = serve(SECRET); LogCapture log = new LogCapture()) {
      HttpResponse<String> r = s.client.send("push", "d-nosig", push("main", sha), null);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(log.text()).contains("delivery=d-nosig").contains("refused 401").contains("no X-Hub-Signature-256");
      assertThat(s.store().delivery("d-nosig")).isEmpty();
    }
  }

  @Test
  void wrongSignatureIsRefusedWith401WithoutParsingTheBody() throws Exception {
    try (ServeFixture s = serve(SECRET); LogCapture log = new LogCapture()) {
      byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);
      HttpResponse<String> r = s.client.send("push", "d-badsig", notJson, "other-secret");
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(log.text()).contains("delivery=d-badsig").contains("does not match").doesNotContain("not valid JSON");
      assertThat(s.store().delivery("d-badsig")).isEmpty();
    }
  }

  @Test
  void oldSecretIsAcceptedWhileConfiguredAndRefusedAfterItsRemoval() throws Exception {
    byte[] body = push("no-such-branch-selected", sha);
    try (ServeFixture s = serve("new-secret", "old-secret")) {
      assertThat(s.client.send("push", "d-rot-1", body, "old-secret").statusCode()).isEqualTo(202);
      assertThat(s.client.send("push", "d-rot-2", body, "new-secret").statusCode()).isEqualTo(202);
    }
    try (ServeFixture s = serve("new-secret"); LogCapture log = new LogCapture()) {
      assertThat(s.client.send("push", "d-rot-3", body, "old-secret").statusCode()).isEqualTo(401);
      assertThat(log.text()).contains("delivery=d-rot-3").contains("refused 401");
      assertThat(s.store().delivery("d-rot-3")).isEmpty();
      assertThat(s.store().delivery("d-rot-1")).isPresent();
    }
  }

  @Test
  void malformedJsonIsRefusedWith400NamingWhere() throws Exception {
    try (ServeFixture s = serve(SECRET); LogCapture log = new LogCapture()) {
      HttpResponse<String> r = s.client.send("push", "d-json", "{\"ref\": \n  oops}".getBytes(StandardCharsets.UTF_8), SECRET);
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("not valid JSON at line 2, column 3");
      assertThat(log.text()).contains("delivery=d-json").contains("refused 400");
      assertThat(s.store().delivery("d-json")).isEmpty();
    }
  }

  @Test
  void formEncodedBodyIsRefusedWith415SayingWhichContentTypeToSet() throws Exception {
    try (ServeFixture s = serve(SECRET); LogCapture log = new LogCapture()) {
      byte[] form = "payload=%7B%7D".getBytes(StandardCharsets.UTF_8);
      HttpResponse<String> r = s.client.send("push", "d-form", form, "application/x-www-form-urlencoded",
          WebhookClient.sign(SECRET, form));
      assertThat(r.statusCode()).isEqualTo(415);
      assertThat(r.body()).contains("application/json");
      assertThat(log.text()).contains("delivery=d-form").contains("refused 415");
      assertThat(s.store().delivery("d-form")).isEmpty();
    }
  }

  @Test
  void thirtyMegabyteBodyIsRefusedWith413() throws Exception {
    try (ServeFixture s = serve(SECRET); LogCapture log = new LogCapture()) {
      byte[] big = new byte[30 * 1024 * 1024];
      Arrays.fill(big, (byte) ' ');
      big[0] = '{';
      big[big.length - 1] = '}';
      HttpResponse<String> r = s.client.send("push", "d-big", big, SECRET);
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(log.text()).contains("delivery=d-big").contains("refused 413");
      assertThat(s.store().delivery("d-big")).isEmpty();
      assertThat(s.client.get("/healthz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void unknownEventIsAcknowledgedWith202AndIgnored() throws Exception {
    try (ServeFixture s = serve(SECRET); LogCapture log = new LogCapture()) {
      HttpResponse<String> r = s.client.send("sponsorship", "d-unknown", "{}".getBytes(StandardCharsets.UTF_8), SECRET);
      assertThat(r.statusCode()).isEqualTo(202);
      assertThat(log.text()).contains("delivery=d-unknown").contains("does not act on sponsorship");
      assertThat(s.store().delivery("d-unknown")).isEmpty();
    }
  }

  @Test
  void pingIsAnswered() throws Exception {
    try (ServeFixture s = serve(SECRET)) {
      HttpResponse<String> r = s.client.send("ping", "d-ping", "{\"zen\":\"Keep it logically awesome.\"}".getBytes(), SECRET);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("pong");
    }
  }

  @Test
  void replayedDeliveryIsAcknowledgedAndNeverRunTwice() throws Exception {
    try (ServeFixture s = serve(SECRET); LogCapture log = new LogCapture()) {
      byte[] body = push("main", sha);
      assertThat(s.client.send("push", "d-replay", body, SECRET).statusCode()).isEqualTo(202);
      assertThat(s.client.send("push", "d-replay", body, SECRET).statusCode()).isEqualTo(200);
      StoredRun run = Eventually.await("the run to finish", () -> s.store().runsOf("d-replay"),
          runs -> runs.size() == 1 && runs.getFirst().state().equals(StoredRun.FINISHED)).getFirst();
      assertThat(s.client.send("push", "d-replay", body, SECRET).statusCode()).isEqualTo(200);
      assertThat(s.store().runsOf("d-replay")).singleElement().satisfies(x -> assertThat(x.attempts()).isEqualTo(1));
      assertThat(run.conclusion()).isEqualTo("success");
      assertThat(log.text()).contains("delivery=d-replay").contains("already received");
    }
  }

  @Test
  void pushToBranchNoWorkflowSelectsIsIgnoredWithTheReason() throws Exception {
    try (ServeFixture s = serve(SECRET); LogCapture log = new LogCapture()) {
      assertThat(s.client.send("push", "d-branch", push("feature", sha), SECRET).statusCode()).isEqualTo(202);
      Delivery d = Eventually.await("the delivery to be planned", () -> s.store().delivery("d-branch").orElseThrow(),
          x -> x.state() != Delivery.State.ACCEPTED);
      assertThat(d.state()).isEqualTo(Delivery.State.IGNORED);
      assertThat(d.reason()).contains(".github/workflows/ci.yml").contains("feature");
      assertThat(s.store().runsOf("d-branch")).isEmpty();
      assertThat(log.text()).contains("delivery=d-branch").contains("ignored");
    }
  }

  @Test
  void repositoryThatCannotBeFetchedFailsTheDeliveryWithTheReason() throws Exception {
    try (ServeFixture s = serve(SECRET); LogCapture log = new LogCapture()) {
      byte[] body = PushPayloads.push("octo/missing", "https://github.com/octo/missing.git", "main", sha);
      assertThat(s.client.send("push", "d-missing", body, SECRET).statusCode()).isEqualTo(202);
      Delivery d = Eventually.await("the delivery to fail", () -> s.store().delivery("d-missing").orElseThrow(),
          x -> x.state() != Delivery.State.ACCEPTED);
      assertThat(d.state()).isEqualTo(Delivery.State.FAILED);
      assertThat(d.reason()).contains("octo/missing").contains("cannot fetch");
      assertThat(s.store().runsOf("d-missing")).isEmpty();
      assertThat(log.text()).contains("delivery=d-missing").contains("failed");
    }
  }
}
