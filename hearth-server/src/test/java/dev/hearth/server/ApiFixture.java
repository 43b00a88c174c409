package dev.hearth.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.config.GitHubSettings;
import dev.hearth.server.config.ServerConfig;
import dev.hearth.testing.GitDaemon;
import dev.hearth.testing.PushPayloads;
import dev.hearth.testing.github.FakeGitHub;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * {@code hearth serve} reporting to a {@link FakeGitHub} as GitHub App {@link #APP_ID}, fetching from
 * a real {@code git daemon}, and small clients of its REST API.
 */
final class ApiFixture {
  static final long APP_ID = 4242;
  static final long INSTALLATION = 77;
  static final String SECRET = "api-secret";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  private ApiFixture() {}

  /** A config with the App's private key written under {@code dataDir}, the fake registered with its public key. */
  static ServerConfig config(Path dataDir, GitDaemon git, FakeGitHub github) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair pair = g.generateKeyPair();
    github.registerApp(APP_ID, pair.getPublic());
    Path key = Files.createDirectories(dataDir).resolve("app.pem");
    Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    GitHubSettings settings = new GitHubSettings(github.baseUrl(), null, APP_ID, key, GitHubSettings.Report.CHECKS);
    return new ServerConfig("127.0.0.1", 0, dataDir, "sqlite:" + dataDir.resolve("hearth.db"), "host", 2,
        List.of(SECRET), URI.create(git.baseUrl()), null, Map.of(), settings);
  }

  /** A push payload of {@code repo} at {@code sha} from App installation {@link #INSTALLATION}. */
  static byte[] push(GitDaemon.Repository repo, String sha) throws IOException {
    ObjectNode payload = (ObjectNode) JSON.readTree(PushPayloads.push(repo.fullName(),
        "https://github.com/" + repo.fullName() + ".git", "main", sha));
    payload.putObject("installation").put("id", INSTALLATION);
    return JSON.writeValueAsBytes(payload);
  }

  static HttpResponse<String> call(int port, String method, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> r = call(port, "GET", path);
    if (r.statusCode() != 200) throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    return JSON.readTree(r.body());
  }

  /** One server-sent event as received. */
  record Sse(String event, JsonNode data, long receivedNanos) {}

  /** Reads {@code path}'s event stream on a virtual thread until it closes, into the returned list. */
  static List<Sse> stream(int port, String path, java.util.function.Consumer<Sse> onEach) throws Exception {
    List<Sse> events = new CopyOnWriteArrayList<>();
    HttpResponse<Stream<String>> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofLines());
    if (r.statusCode() != 200) throw new AssertionError(path + " answered " + r.statusCode());
    Thread.ofVirtual().start(() -> {
      List<String> lines = new ArrayList<>();
      r.body().forEach(line -> {
        if (!line.isEmpty()) {
          lines.add(line);
          return;
        }
        String event = null;
        String data = null;
        for (String l : lines) {
          if (l.startsWith("event: ")) event = l.substring(7);
          if (l.startsWith("data: ")) data = l.substring(6);
        }
        lines.clear();
        if (event == null) return;
        try {
          Sse e = new Sse(event, JSON.readTree(data), System.nanoTime());
          events.add(e);
          onEach.accept(e);
        } catch (IOException ex) {
          throw new java.io.UncheckedIOException(ex);
        }
      });
    });
    return events;
  }
}
