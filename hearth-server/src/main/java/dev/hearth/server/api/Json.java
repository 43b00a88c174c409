package dev.hearth.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON answers, and the wrapper that turns an {@link ApiError} into one. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(Json.class);

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static void send(ServerResponse res, int status, Object body) {
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    try {
      res.send(MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }

  /** {@code handler} with its {@link ApiError}s answered as {@code {"error": …}} and logged. */
  static Handler guarded(Handler handler) {
    return (req, res) -> {
      try {
        handler.handle(req, res);
      } catch (ApiError e) {
        LOG.info("api {} {} refused {}: {}", req.prologue().method().text(), req.path().path(), e.status, e.getMessage());
        send(res, e.status, object().put("error", e.getMessage()));
      }
    };
  }
}
