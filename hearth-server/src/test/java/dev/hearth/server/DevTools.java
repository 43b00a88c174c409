package dev.hearth.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium (Debian's {@code chromium}) showing one page, driven over the DevTools protocol
 * with the JDK's WebSocket client: evaluate JavaScript, navigate, take screenshots.
 */
final class DevTools implements AutoCloseable {
  private final Process chromium;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending;

  private DevTools(Process chromium, WebSocket socket, Map<Integer, CompletableFuture<JsonNode>> pending) {
    this.chromium = chromium;
    this.socket = socket;
    this.pending = pending;
  }

  /** The path of the {@code chromium} program, or null when it is not installed. */
  static Path program() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, "chromium");
      if (Files.isExecutable(p)) return p;
    }
    return null;
  }

  static DevTools open(Path program, Path profile, String url) throws Exception {
    Process p = new ProcessBuilder(program.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1200,900", url)
        .redirectErrorStream(true).redirectOutput(profile.resolveSibling("chromium.log").toFile()).start();
    Path active = profile.resolve("DevToolsActivePort");
    String port = Eventually.await("chromium's DevToolsActivePort file", () -> read(active), s -> s != null && s.contains("\n"))
        .split("\n")[0].trim();
    JsonNode targets = ApiFixture.JSON.readTree(ApiFixture.HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
    String ws = null;
    for (JsonNode t : targets) if (t.path("type").asText().equals("page")) ws = t.path("webSocketDebuggerUrl").asText();
    if (ws == null) throw new AssertionError("chromium shows no page: " + targets);
    Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    WebSocket socket = ApiFixture.HTTP.newWebSocketBuilder().buildAsync(URI.create(ws), listener(pending)).get(30, TimeUnit.SECONDS);
    return new DevTools(p, socket, pending);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static WebSocket.Listener listener(Map<Integer, CompletableFuture<JsonNode>> pending) {
    StringBuilder message = new StringBuilder();
    return new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        message.append(data);
        if (last) {
          try {
            JsonNode node = ApiFixture.JSON.readTree(message.toString());
            CompletableFuture<JsonNode> f = pending.remove(node.path("id").asInt(-1));
            if (f != null) f.complete(node);
          } catch (IOException e) {
            // not ours to answer
          }
          message.setLength(0);
        }
        ws.request(1);
        return null;
      }
    };
  }

  /** Sends a DevTools command and returns its {@code result}. */
  JsonNode call(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode msg = ApiFixture.JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", params);
    socket.sendText(ApiFixture.JSON.writeValueAsString(msg), true).get(30, TimeUnit.SECONDS);
    JsonNode node = answer.get(60, TimeUnit.SECONDS);
    if (node.has("error")) throw new AssertionError(method + " failed: " + node.get("error"));
    return node.path("result");
  }

  /** The value of a JavaScript expression in the page ({@code null} text when it is undefined). */
  String evaluate(String expression) throws Exception {
    JsonNode r = call("Runtime.evaluate", ApiFixture.JSON.createObjectNode().put("expression", expression).put("returnByValue", true));
    return r.path("result").path("value").asText(null);
  }

  void navigate(String url) throws Exception {
    call("Page.navigate", ApiFixture.JSON.createObjectNode().put("url", url));
  }

  void screenshot(Path file) throws Exception {
    String data = call("Page.captureScreenshot", ApiFixture.JSON.createObjectNode().put("format", "png")).path("data").asText();
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(data));
  }

  @Override
  public void close() throws Exception {
    if (socket != null) socket.abort();
    chromium.destroy();
    if (!chromium.waitFor(10, TimeUnit.SECONDS)) chromium.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  static List<String> distinct(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) if (out.isEmpty() || !out.getLast().equals(v)) out.add(v);
    return out;
  }
}
