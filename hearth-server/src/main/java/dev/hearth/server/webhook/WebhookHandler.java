package dev.hearth.server.webhook;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhook}: checks, in this order, the body's size (413), its content type (415), that
 * the body arrived whole (400), the signature (401, the body not parsed), the event and delivery
 * headers (400), then answers
 * {@code ping}, ignores events Hearth does not act on (202), parses the JSON (400) and hands the
 * delivery to the {@link Intake} (202; a redelivery 200). Nothing is run in the request.
 *
 * <p>Only {@code application/json} is accepted: the form-encoded variant GitHub offers wraps the same
 * JSON in a {@code payload=} field, and one content type keeps one parsing path; the 415 says how
 * to configure the webhook.
 */
public final class WebhookHandler implements Handler {
  /** GitHub's own limit on a payload. */
  public static final int MAX_BODY_BYTES = 25 * 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
  private static final HeaderName SIGNATURE = HeaderNames.create("X-Hub-Signature-256");
  private static final HeaderName EVENT = HeaderNames.create("X-GitHub-Event");
  private static final HeaderName DELIVERY = HeaderNames.create("X-GitHub-Delivery");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BLOCK_BYTES = 1024 * 1024;

  private final Signatures signatures;
  private final Intake intake;
  private final int maxBody;

  public WebhookHandler(Signatures signatures, Intake intake) {
    this(signatures, intake, MAX_BODY_BYTES);
  }

  WebhookHandler(Signatures signatures, Intake intake, int maxBody) {
    this.signatures = signatures;
    this.intake = intake;
    this.maxBody = maxBody;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) throws IOException {
    String remote = req.remotePeer().host();
    String delivery = req.headers().first(DELIVERY).orElse(null);
    String event = req.headers().first(EVENT).orElse(null);
    String who = "delivery=" + safe(delivery) + " event=" + safe(event) + " from=" + remote;
    long declared = req.headers().contentLength().orElse(-1);
    if (declared > maxBody) {
      refuse(res, 413, who, "the body is " + declared + " bytes; at most " + maxBody + " are accepted");
      return;
    }
    Optional<HttpMediaType> type = req.headers().contentType();
    if (type.isEmpty() || !type.get().mediaType().text().equalsIgnoreCase("application/json")) {
      refuse(res, 415, who, "content type " + type.map(t -> t.mediaType().text()).orElse("(none)")
          + " is not accepted; set the webhook's content type to application/json");
      return;
    }
    byte[] body;
    try {
      body = readAtMost(req.content().inputStream(), declared);
    } catch (DataReader.InsufficientDataAvailableException | IOException | UncheckedIOException e) {
      refuse(res, 400, who, "the body ended early"
          + (declared >= 0 ? ": Content-Length says " + declared + " bytes" : ": a chunk is missing"));
      return;
    }
    if (body == null) {
      refuse(res, 413, who, "the body is longer than " + maxBody + " bytes");
      return;
    }
    Optional<String> signature = req.headers().first(SIGNATURE);
    if (signature.isEmpty()) {
      refuse(res, 401, who, "no X-Hub-Signature-256 header; configure the webhook's secret");
      return;
    }
    if (!signatures.verify(signature.get(), body, body.length)) {
      refuse(res, 401, who, "X-Hub-Signature-256 does not match the body under any configured secret");
      return;
    }
    accept(res, who, event, delivery, body);
  }

  private void accept(ServerResponse res, String who, String event, String delivery, byte[] body) {
    if (event == null || !TOKEN.matcher(event).matches()) {
      refuse(res, 400, who, "the X-GitHub-Event header is missing or malformed");
      return;
    }
    if (event.equals("ping")) {
      LOG.info("webhook {} answered: pong", who);
      respond(res, 200, "{\"pong\":true}");
      return;
    }
    if (delivery == null || !TOKEN.matcher(delivery).matches()) {
      refuse(res, 400, who, "the X-GitHub-Delivery header is missing or malformed");
      return;
    }
    if (!WebhookEvents.actsOn(event)) {
      LOG.info("webhook {} ignored: hearth does not act on {} events", who, event);
      respond(res, 202, "{\"ignored\":\"hearth does not act on " + event + " events\"}");
      return;
    }
    PayloadFacts facts;
    try {
      facts = PayloadFacts.read(body);
    } catch (JacksonException e) {
      var loc = e.getLocation();
      refuse(res, 400, who, "the body is not valid JSON" + (loc == null ? "" : " at line " + loc.getLineNr()
          + ", column " + loc.getColumnNr()) + ": " + e.getOriginalMessage());
      return;
    } catch (PayloadFacts.NotAnObject e) {
      refuse(res, 400, who, e.getMessage());
      return;
    } catch (IOException e) {
      refuse(res, 400, who, "the body cannot be read as JSON: " + e.getMessage());
      return;
    }
    String repository = facts.repository();
    String text = new String(body, StandardCharsets.UTF_8);
    boolean stored;
    try {
      stored = intake.accept(delivery, event, facts.action(), repository, text);
    } catch (RuntimeException e) {
      LOG.error("webhook {} not accepted: cannot store it: {}", who, e.getMessage());
      respond(res, 503, "{\"error\":\"the delivery could not be stored; redeliver it later\"}");
      return;
    }
    if (stored) {
      LOG.info("webhook {} accepted repository={} queued", who, repository);
      respond(res, 202, "{\"delivery\":\"" + delivery + "\",\"queued\":true}");
    } else {
      LOG.info("webhook {} acknowledged: already received, not run again", who);
      respond(res, 200, "{\"delivery\":\"" + delivery + "\",\"duplicate\":true}");
    }
  }

  /**
   * The body, or null when it is longer than the limit. It is read in blocks of at most 1 MiB and
   * joined once at the end, so a body over the limit costs at most the limit (never a copy of it),
   * and a declared length is only a hint for the first block.
   */
  private byte[] readAtMost(InputStream in, long declared) throws IOException {
    List<byte[]> blocks = new ArrayList<>();
    long length = 0;
    int blockSize = (int) Math.min(Math.max(declared + 1, 8192), BLOCK_BYTES);
    int last;
    while (true) {
      byte[] block = new byte[(int) Math.min(blockSize, maxBody + 1L - length)];
      last = in.readNBytes(block, 0, block.length);
      blocks.add(block);
      length += last;
      if (length > maxBody) return null;
      if (last < block.length) break;
      blockSize = Math.min(blockSize * 2, BLOCK_BYTES);
    }
    if (blocks.size() == 1 && last == blocks.getFirst().length) return blocks.getFirst();
    byte[] body = new byte[(int) length];
    int at = 0;
    for (int i = 0; i < blocks.size(); i++) {
      int used = i == blocks.size() - 1 ? last : blocks.get(i).length;
      System.arraycopy(blocks.get(i), 0, body, at, used);
      at += used;
    }
    return body;
  }

  private static void refuse(ServerResponse res, int status, String who, String why) {
    LOG.warn("webhook {} refused {}: {}", who, status, why);
    respond(res, status, "{\"error\":" + quote(why) + "}");
  }

  private static void respond(ServerResponse res, int status, String json) {
    res.status(Status.create(status));
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.send(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      return "\"\"";
    }
  }

  private static String safe(String header) {
    return header == null ? "-" : TOKEN.matcher(header).matches() ? header : "(malformed)";
  }
}
