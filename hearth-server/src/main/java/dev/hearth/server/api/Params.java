package dev.hearth.server.api;

import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import io.helidon.webserver.http.ServerRequest;
import java.util.Set;

/** Reads and checks request parameters; a bad one is an {@link ApiError} naming it. */
final class Params {
  static final Set<String> STATES = Set.of(StoredRun.QUEUED, StoredRun.RUNNING, StoredRun.FINISHED);

  private Params() {}

  /** The run the {@code {id}} path parameter names: 400 when it is not a number, 404 when there is none. */
  static StoredRun run(ServerRequest req, Store store) {
    long id = runId(req);
    return store.run(id).orElseThrow(() -> ApiError.notFound("there is no run " + id));
  }

  static long runId(ServerRequest req) {
    String raw = req.path().pathParameters().get("id");
    try {
      long id = Long.parseLong(raw);
      if (id > 0) return id;
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiError.badParameter("id", "a run number (a positive integer)", raw);
  }

  /** A non-negative integer query parameter, {@code fallback} when absent, at most {@code max}. */
  static int count(ServerRequest req, String name, int fallback, int max) {
    if (!req.query().contains(name)) return fallback;
    String raw = req.query().get(name);
    try {
      int value = Integer.parseInt(raw);
      if (value >= 0 && value <= max) return value;
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiError.badParameter(name, "an integer from 0 to " + max, raw);
  }

  /** An optional text query parameter; null when absent or empty. */
  static String text(ServerRequest req, String name) {
    if (!req.query().contains(name)) return null;
    String value = req.query().get(name);
    return value.isEmpty() ? null : value;
  }
}
