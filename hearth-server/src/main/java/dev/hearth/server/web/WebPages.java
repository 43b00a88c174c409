package dev.hearth.server.web;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The web view: {@code /} lists the runs, {@code /runs/{id}} shows one run (jobs, steps, its VM and
 * live logs). Plain HTML and one script from the jar's {@code web/} resources, which read the REST API.
 */
public final class WebPages {
  private WebPages() {}

  public static void register(HttpRules rules) {
    byte[] index = resource("index.html");
    byte[] run = resource("run.html");
    byte[] script = resource("hearth.js");
    byte[] style = resource("hearth.css");
    rules.get("/", (req, res) -> send(res, "text/html; charset=utf-8", index))
        .get("/runs/{id}", (req, res) -> send(res, "text/html; charset=utf-8", run))
        .get("/static/hearth.js", (req, res) -> send(res, "text/javascript; charset=utf-8", script))
        .get("/static/hearth.css", (req, res) -> send(res, "text/css; charset=utf-8", style));
  }

  private static void send(io.helidon.webserver.http.ServerResponse res, String type, byte[] body) {
    res.header(HeaderNames.CONTENT_TYPE, type);
    res.send(body);
  }

  private static byte[] resource(String name) {
    try (InputStream in = WebPages.class.getResourceAsStream("/web/" + name)) {
      if (in == null) throw new IllegalStateException("the resource web/" + name + " is missing from hearth-server's jar");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
