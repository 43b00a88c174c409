package dev.hearth.server.api;

import dev.hearth.server.live.LiveLogs;
import dev.hearth.server.queue.RunQueue;
import dev.hearth.server.store.Store;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The REST API under {@code /api}, one resource per class, as {@code openapi.yaml} (served at
 * {@code /api/openapi.yaml}) describes it.
 */
public final class ApiRoutes {
  private ApiRoutes() {}

  public static void register(HttpRules rules, Store store, RunQueue queue, LiveLogs live) {
    byte[] spec = resource("/openapi.yaml");
    rules.get("/api/openapi.yaml", (req, res) -> {
      res.header(HeaderNames.CONTENT_TYPE, "application/yaml");
      res.send(spec);
    });
    new RunsResource(store, queue).register(rules);
    new JobsResource(store).register(rules);
    new LogStreamResource(store, live).register(rules);
    new LogsResource(store).register(rules);
    rules.any("/api/*", Json.guarded((req, res) -> {
      throw ApiError.notFound("there is no " + req.prologue().method().text() + " " + req.path().path() + " in the API (see /api/openapi.yaml)");
    }));
  }

  static byte[] resource(String name) {
    try (InputStream in = ApiRoutes.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("the resource " + name + " is missing from hearth-server's jar");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
