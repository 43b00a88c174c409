package dev.hearth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.server.RawHttp.Answer;
import dev.hearth.server.RawHttp.Framing;
import dev.hearth.server.store.Delivery;
import dev.hearth.server.store.StoredRun;
import dev.hearth.server.webhook.WebhookHandler;
import dev.hearth.testing.GitDaemon;
import dev.hearth.testing.WebhookClient;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * {@code POST /webhook} of a real in-process {@code hearth serve} (host provider, SQLite, a real git
 * daemon serving the repository the payloads name), fed over raw HTTP: GitHub's event payloads with
 * the fields Hearth reads given wrong types and odd values, byte-mutated and truncated JSON, deep
 * nesting, huge strings and numbers, every signature, content type, event and delivery header shape,
 * and lying or chunked framing. For every request: an answer (no hang), never a 5xx, never a stack
 * trace in the answer; an unsigned or wrongly signed body is refused and never stored, so never run.
 * At the end every accepted delivery was planned, ignored or failed with a reason, every run is
 * final, and nothing was logged with a stack trace. jqwik prints the seed of a failing property;
 * rerun it with {@code @Property(seed = "…")}.
 */
class WebhookEndpointPropertiesTest {
  private static final String SECRET = "fuzz-secret";
  private static final String WORKFLOW = """
      on:
        push:
          branches: [main]
        workflow_dispatch:
      jobs:
        build:
          runs-on: ubuntu-latest
          steps:
            - run: echo "at $GITHUB_SHA ref=$GITHUB_REF"
      """;
  private static final Set<Integer> REFUSALS = Set.of(400, 401, 413, 415);

  private static Path dir;
  private static GitDaemon git;
  private static ServeFixture serve;
  private static LogCapture log;
  private static List<WebhookCorpus.Body> corpus;
  private static final List<String> accepted = new ArrayList<>();
  private static final AtomicInteger requests = new AtomicInteger();

  /** Whether and how a request is signed. */
  enum Signing { VALID, OTHER_SECRET, NONE, GARBAGE, PREFIX_ONLY, SHA1, UPPERCASE_HEX, TRUNCATED_HEX }

  /** One request as sent on the wire. */
  record Request(String event, String delivery, String contentType, Signing signing, byte[] body, Framing framing,
      List<String> extraHeaders, String origin) {
    @Override
    public String toString() {
      String shown = new String(body, 0, Math.min(body.length, 600), StandardCharsets.UTF_8);
      return "event=" + event + " delivery=" + delivery + " type=" + contentType + " signing=" + signing + " framing=" + framing
          + " extra=" + extraHeaders + " from=" + origin + " body(" + body.length + ")=" + shown;
    }
  }

  @BeforeContainer
  static void serve() throws Exception {
    dir = Files.createTempDirectory("hearth-webhook-fuzz");
    git = GitDaemon.start(dir.resolve("served"));
    GitDaemon.Repository repo = git.create("octo/hello", "main");
    String sha = repo.file(".github/workflows/ci.yml", WORKFLOW).file("README.md", "hi\n").commitAndPush();
    corpus = WebhookCorpus.load(repo.fullName(), sha);
    log = new LogCapture();
    serve = ServeFixture.start(ServeFixture.config(dir.resolve("data"), "sqlite:" + dir.resolve("data/hearth.db"), git.baseUrl(),
        List.of(SECRET)));
  }

  @AfterContainer
  static void everyAcceptedDeliveryEndsAndNothingWasLoggedWithAStackTrace() throws Exception {
    try {
      if (serve == null) return;
      for (String id : accepted) {
        Eventually.await("delivery " + id + " to be planned, ignored or failed", () -> serve.store().delivery(id),
            d -> d.isPresent() && d.get().state() != Delivery.State.ACCEPTED);
      }
      Eventually.await("every run to finish", () -> serve.store().runs(),
          runs -> runs.stream().allMatch(r -> r.state().equals(StoredRun.FINISHED)));
      serve.close();
      serve = null;
      String text = log.text();
      assertThat(text).as("the server's log after %d fuzzed requests", requests.get())
          .doesNotContain("\n\tat ").doesNotContain("Exception in thread");
    } finally {
      if (serve != null) serve.close();
      if (log != null) log.close();
      if (git != null) git.close();
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Provide
  Arbitrary<Request> requests() {
    Arbitrary<WebhookCorpus.Body> bodies = Arbitraries.integers().between(0, corpus.size() - 1).map(corpus::get);
    return Builders.withBuilder(() -> new Request(null, null, "application/json", Signing.VALID, new byte[0], Framing.LENGTH, List.of(), null))
        .use(bodies).withProbability(1.0).in((r, b) -> new Request(b.event(), r.delivery(), r.contentType(), r.signing(),
            b.bytes(), r.framing(), r.extraHeaders(), b.name()))
        .use(Arbitraries.longs()).withProbability(0.8).in((r, seed) -> new Request(r.event(), r.delivery(), r.contentType(),
            r.signing(), WebhookCorpus.mutate(r.body(), seed), r.framing(), r.extraHeaders(), r.origin() + " mutated " + seed))
        .use(Arbitraries.of("push", "pull_request", "workflow_dispatch", "ping", "create", "release", "check_run", "",
            "push ", "PUSH", "a".repeat(300), "p\u00fcsh", "../push")).withProbability(0.15)
            .in((r, e) -> new Request(e, r.delivery(), r.contentType(), r.signing(), r.body(), r.framing(), r.extraHeaders(), r.origin()))
        .use(Arbitraries.of("", " ", "x".repeat(300), "id with spaces", "dup-delivery", "\u00e9t\u00e9", "<script>", "a\tb"))
            .withProbability(0.1)
            .in((r, d) -> new Request(r.event(), d, r.contentType(), r.signing(), r.body(), r.framing(), r.extraHeaders(), r.origin()))
        .use(Arbitraries.of("application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/json;;;",
            "application/x-www-form-urlencoded", "text/plain", "", "*/*", "application", "multipart/form-data; boundary=x"))
            .withProbability(0.9)
            .in((r, t) -> new Request(r.event(), r.delivery(), t, r.signing(), r.body(), r.framing(), r.extraHeaders(), r.origin()))
        .use(Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, Arbitraries.just(Signing.VALID)),
            net.jqwik.api.Tuple.of(4, Arbitraries.of(Signing.class))))
            .withProbability(1.0)
            .in((r, s) -> new Request(r.event(), r.delivery(), r.contentType(), s, r.body(), r.framing(), r.extraHeaders(), r.origin()))
        .use(Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, Arbitraries.just(Framing.LENGTH)),
            net.jqwik.api.Tuple.of(3, Arbitraries.of(Framing.class))))
            .withProbability(1.0)
            .in((r, f) -> new Request(r.event(), r.delivery(), r.contentType(), r.signing(), r.body(), f, r.extraHeaders(), r.origin()))
        .use(Arbitraries.of(List.of("X-Hub-Signature-256: sha256=00"), List.of("X-GitHub-Event: push"),
            List.of("Content-Type: text/plain"), List.of("X-Junk: " + "j".repeat(20_000)), List.of("Expect: 100-continue"),
            List.of("X-Odd: \u00ff\u00fe"), List.of("Content-Encoding: gzip"), List.of("Transfer-Encoding: gzip")))
            .withProbability(0.08)
            .in((r, h) -> new Request(r.event(), r.delivery(), r.contentType(), r.signing(), r.body(), r.framing(), h, r.origin()))
        .build();
  }

  @Property(tries = 150, seed = "20261204")
  void everyRequestIsAnsweredWithoutA5xxAndUnsignedBodiesAreNeverStored(@ForAll("requests") Request request) throws Exception {
    check(request);
  }

  /** The same with a new seed each build (jqwik prints it when a case fails). */
  @Property(tries = 100)
  void everyRequestOfARandomSeedIsAnsweredWithoutA5xx(@ForAll("requests") Request request) throws Exception {
    check(request);
  }

  @Example
  void everyStoredBodyIsAnsweredWithoutA5xx() throws Exception {
    for (WebhookCorpus.Body body : corpus) {
      check(new Request(body.event(), null, "application/json", Signing.VALID, body.bytes(), Framing.LENGTH, List.of(), body.name()));
    }
  }

  @Example
  void aHugeStringFieldIsAnsweredWithoutA5xx() throws Exception {
    byte[] body = ("{\"ref\":\"refs/heads/" + "m".repeat(5_000_000) + "\",\"repository\":{\"full_name\":\"octo/hello\"}}")
        .getBytes(StandardCharsets.UTF_8);
    check(new Request("push", null, "application/json", Signing.VALID, body, Framing.LENGTH, List.of(), "5 MB string"));
    check(new Request("push", null, "application/json", Signing.VALID, body, Framing.CHUNKED, List.of(), "5 MB string"));
  }

  @Example
  void aThirtyMegabyteBodyIsRefused413WithoutBeingHeldInMemory() throws Exception {
    long size = 30L * 1024 * 1024;
    byte[] piece = new byte[64 * 1024];
    java.util.Arrays.fill(piece, (byte) ' ');
    List<String> headers = List.of("Content-Type: application/json", "X-GitHub-Event: push",
        "X-GitHub-Delivery: big-" + UUID.randomUUID(), "X-Hub-Signature-256: sha256=" + "0".repeat(64));
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    long before = threads.getTotalThreadAllocatedBytes();
    Answer chunked = RawHttp.postChunkedRepeated(serve.server.port(), headers, piece, size);
    long allocated = threads.getTotalThreadAllocatedBytes() - before;
    assertThat(chunked.status()).as(chunked.text()).isEqualTo(413);
    assertThat(chunked.body()).contains("longer than " + WebhookHandler.MAX_BODY_BYTES);
    // the handler holds at most the limit; the web server copies each chunk once on its way through;
    // 16 MB for the rest of the server (planning earlier deliveries) meanwhile. Growing one array by
    // doubling, as before, allocated about 90 MB here.
    assertThat(allocated).as("bytes allocated in this JVM while a 30 MB chunked body was refused")
        .isLessThan(2L * size + 16L * 1024 * 1024);

    before = threads.getTotalThreadAllocatedBytes();
    Answer declared;
    try (var socket = new java.net.Socket("127.0.0.1", serve.server.port())) {
      socket.setSoTimeout(RawHttp.READ_LIMIT_MS);
      socket.getOutputStream().write(("POST /webhook HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " + size + "\r\n"
          + String.join("\r\n", headers) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().write(piece);
      String text = new String(socket.getInputStream().readNBytes(4096), StandardCharsets.ISO_8859_1);
      declared = new Answer(Integer.parseInt(text.substring(9, 12)), text);
    }
    allocated = threads.getTotalThreadAllocatedBytes() - before;
    assertThat(declared.status()).as(declared.text()).isEqualTo(413);
    assertThat(allocated).as("bytes allocated in this JVM while a body declared as 30 MB was refused").isLessThan(8L * 1024 * 1024);
  }

  private static void check(Request request) throws Exception {
    requests.incrementAndGet();
    String delivery = request.delivery() == null ? "fuzz-" + UUID.randomUUID() : request.delivery();
    List<String> headers = new ArrayList<>();
    if (!request.contentType().isEmpty()) headers.add("Content-Type: " + request.contentType());
    headers.add("X-GitHub-Event: " + request.event());
    headers.add("X-GitHub-Delivery: " + delivery);
    headers.add("User-Agent: GitHub-Hookshot/fuzz");
    String signature = signature(request.signing(), request.body());
    if (signature != null) headers.add("X-Hub-Signature-256: " + signature);
    headers.addAll(request.extraHeaders());
    Answer answer = RawHttp.post(serve.server.port(), "/webhook", headers, request.body(), request.framing());

    if (request.extraHeaders().contains("Transfer-Encoding: gzip") && answer.status() == 501) {
      // RFC 9112 6.1: a transfer coding the server does not implement SHOULD get 501; the HTTP layer answers
      // so before Hearth sees the request (with chunked framing the codings are "chunked, gzip")
      assertThat(answer.text()).as("answer to %s", request).doesNotContain("\tat ").doesNotContain("Exception");
      return;
    }
    assertThat(answer.status()).as("status for %s; answer:\n%s", request, answer.text()).isBetween(200, 499);
    assertThat(answer.text()).as("answer to %s", request).doesNotContain("\tat ").doesNotContain("Exception");
    boolean signedForReal = request.signing() == Signing.VALID || request.signing() == Signing.UPPERCASE_HEX;
    if (!signedForReal) {
      assertThat(answer.status()).as("an unsigned body must be refused: %s; answer:\n%s", request, answer.text()).isIn(REFUSALS);
    }
    if (answer.status() == 202 && answer.body().contains("\"queued\":true")) {
      synchronized (accepted) {
        accepted.add(delivery);
      }
    } else if (!signedForReal && !delivery.equals("dup-delivery")) {
      assertThat(serve.store().delivery(delivery)).as("a refused delivery is not stored: %s", request).isEmpty();
    }
  }

  private static String signature(Signing signing, byte[] body) throws Exception {
    String valid = WebhookClient.sign(SECRET, body);
    return switch (signing) {
      case VALID -> valid;
      case OTHER_SECRET -> WebhookClient.sign("not-" + SECRET, body);
      case NONE -> null;
      case GARBAGE -> "\u00ffgarbage==";
      case PREFIX_ONLY -> "sha256=";
      case SHA1 -> "sha1=" + valid.substring(7, 47);
      case UPPERCASE_HEX -> "sha256=" + valid.substring(7).toUpperCase(java.util.Locale.ROOT);
      case TRUNCATED_HEX -> valid.substring(0, valid.length() - 2);
    };
  }

}
