package dev.hearth.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Sends webhooks the way GitHub does, over real HTTP, signed with a secret (or not). */
public final class WebhookClient {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI url;

  public WebhookClient(int port) {
    this.url = URI.create("http://127.0.0.1:" + port + "/webhook");
  }

  /** A delivery as GitHub sends it: JSON, signed with {@code secret} (null for none), a fresh delivery id unless given. */
  public HttpResponse<String> send(String event, String deliveryId, byte[] body, String secret) throws Exception {
    return send(event, deliveryId, body, "application/json", secret == null ? null : sign(secret, body));
  }

  public HttpResponse<String> send(String event, String deliveryId, byte[] body, String contentType, String signature)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
        .header("Content-Type", contentType)
        .header("X-GitHub-Event", event)
        .header("X-GitHub-Delivery", deliveryId == null ? UUID.randomUUID().toString() : deliveryId)
        .header("User-Agent", "GitHub-Hookshot/test")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signature != null) b.header("X-Hub-Signature-256", signature);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public static String sign(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }
}
