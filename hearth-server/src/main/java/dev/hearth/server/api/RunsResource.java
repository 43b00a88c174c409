package dev.hearth.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.queue.RunQueue;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/runs} and {@code /api/runs/{id}}: list, get, cancel and re-run runs. */
final class RunsResource {
  static final int MAX_PAGE = 500;

  private final Store store;
  private final RunQueue queue;

  RunsResource(Store store, RunQueue queue) {
    this.store = store;
    this.queue = queue;
  }

  void register(HttpRules rules) {
    rules.get("/api/runs", Json.guarded(this::list))
        .get("/api/runs/{id}", Json.guarded(this::get))
        .post("/api/runs/{id}/cancel", Json.guarded(this::cancel))
        .post("/api/runs/{id}/rerun", Json.guarded(this::rerun));
  }

  private void list(ServerRequest req, ServerResponse res) {
    String state = Params.text(req, "state");
    if (state != null && !Params.STATES.contains(state)) {
      throw ApiError.badParameter("state", "one of queued, running, finished", state);
    }
    String repository = Params.text(req, "repository");
    if (repository != null && !repository.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
      throw ApiError.badParameter("repository", "owner/name", repository);
    }
    int offset = Params.count(req, "offset", 0, Integer.MAX_VALUE);
    int limit = Params.count(req, "limit", 50, MAX_PAGE);
    ObjectNode body = Json.object().put("offset", offset).put("limit", limit);
    ArrayNode runs = body.putArray("runs");
    store.runs(state, repository, offset, limit).forEach(r -> runs.add(Views.run(r)));
    Json.send(res, 200, body);
  }

  private void get(ServerRequest req, ServerResponse res) {
    StoredRun run = Params.run(req, store);
    Json.send(res, 200, Views.runWithVms(run, store.progress().vmsOf(run.id())));
  }

  private void cancel(ServerRequest req, ServerResponse res) {
    long id = Params.runId(req);
    RunQueue.Cancelled outcome = queue.cancel(id, "cancelled through the API");
    switch (outcome) {
      case UNKNOWN -> throw ApiError.notFound("there is no run " + id);
      case ALREADY_FINISHED -> throw new ApiError(409, "run " + id + " has already finished; there is nothing to cancel");
      case SIGNALLED -> Json.send(res, 202, Json.object().put("run", id).put("state", "cancelling"));
      case DEQUEUED -> Json.send(res, 202, Json.object().put("run", id).put("state", "cancelled"));
    }
  }

  private void rerun(ServerRequest req, ServerResponse res) {
    long id = Params.runId(req);
    StoredRun rerun = queue.rerun(id).orElseThrow(() -> ApiError.notFound("there is no run " + id));
    Json.send(res, 202, Json.object().put("run", id).put("delivery", rerun.deliveryId()).put("rerun", rerun.id()));
  }
}
