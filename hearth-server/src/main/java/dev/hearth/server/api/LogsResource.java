package dev.hearth.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.store.Progress;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * {@code /api/runs/{id}/logs}: a run's stored log chunks, whole or a range of chunks
 * ({@code ?offset=&limit=}, in chunks, oldest first). Lines still gathering in an executing step are
 * stored when the step ends (or every 200 lines); {@code /logs/stream} has them live.
 */
final class LogsResource {
  static final int MAX_CHUNKS = 10_000;

  private final Store store;

  LogsResource(Store store) {
    this.store = store;
  }

  void register(HttpRules rules) {
    rules.get("/api/runs/{id}/logs", Json.guarded(this::logs));
  }

  private void logs(ServerRequest req, ServerResponse res) {
    StoredRun run = Params.run(req, store);
    int offset = Params.count(req, "offset", 0, Integer.MAX_VALUE);
    int limit = Params.count(req, "limit", MAX_CHUNKS, MAX_CHUNKS);
    List<Progress.LogChunk> chunks = store.progress().logs(run.id(), offset, limit);
    ObjectNode body = Json.object().put("run", run.id()).put("state", run.state()).put("offset", offset).put("limit", limit);
    ArrayNode list = body.putArray("chunks");
    chunks.forEach(c -> list.add(Views.chunk(c)));
    Json.send(res, 200, body);
  }
}
