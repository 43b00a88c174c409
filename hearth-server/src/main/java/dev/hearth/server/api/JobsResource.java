package dev.hearth.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/runs/{id}/jobs} and {@code /api/runs/{id}/steps}: a run's jobs and steps. */
final class JobsResource {
  private final Store store;

  JobsResource(Store store) {
    this.store = store;
  }

  void register(HttpRules rules) {
    rules.get("/api/runs/{id}/jobs", Json.guarded(this::jobs))
        .get("/api/runs/{id}/steps", Json.guarded(this::steps));
  }

  private void jobs(ServerRequest req, ServerResponse res) {
    StoredRun run = Params.run(req, store);
    ObjectNode body = Json.object().put("run", run.id());
    ArrayNode jobs = body.putArray("jobs");
    store.progress().jobs(run.id()).forEach(j -> jobs.add(Views.job(j)));
    Json.send(res, 200, body);
  }

  private void steps(ServerRequest req, ServerResponse res) {
    StoredRun run = Params.run(req, store);
    String job = Params.text(req, "job");
    ObjectNode body = Json.object().put("run", run.id());
    ArrayNode steps = body.putArray("steps");
    store.progress().steps(run.id()).stream().filter(s -> job == null || job.equals(s.jobId()))
        .forEach(s -> steps.add(Views.step(s)));
    Json.send(res, 200, body);
  }
}
