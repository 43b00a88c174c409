package dev.hearth.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hearth.server.live.LiveLogs;
import dev.hearth.server.store.Progress;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/runs/{id}/logs/stream}: a run's log as server-sent events. Each line is an event
 * {@code line} with data {@code {"n","job","step","stream","text"}}; when the run ends an event
 * {@code end} with {@code {"conclusion"}} closes the stream. A run executing here streams from
 * {@link LiveLogs} (every line so far, then each new one); a finished run is replayed from the store;
 * a queued run waits until it starts. A comment every 15 s keeps proxies from closing the stream.
 */
final class LogStreamResource {
  private static final Logger LOG = LoggerFactory.getLogger(LogStreamResource.class);
  private static final Object END = new Object();

  private final Store store;
  private final LiveLogs live;

  LogStreamResource(Store store, LiveLogs live) {
    this.store = store;
    this.live = live;
  }

  void register(HttpRules rules) {
    rules.get("/api/runs/{id}/logs/stream", Json.guarded(this::stream));
  }

  private void stream(ServerRequest req, ServerResponse res) throws Exception {
    StoredRun run = Params.run(req, store);
    res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
    res.header(HeaderNames.CACHE_CONTROL, "no-cache");
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    String[] conclusion = new String[1];
    LiveLogs.Subscriber subscriber = LiveLogs.to(events::add, c -> {
      conclusion[0] = c;
      events.add(END);
    });
    try (OutputStream out = res.outputStream()) {
      comment(out, "run " + run.id());
      while (!live.subscribe(run.id(), subscriber)) {
        StoredRun now = store.run(run.id()).orElseThrow();
        if (now.state().equals(StoredRun.FINISHED)) {
          replay(out, now);
          return;
        }
        events.poll(200, TimeUnit.MILLISECONDS);
      }
      try {
        forward(out, events, conclusion);
      } finally {
        live.unsubscribe(run.id(), subscriber);
      }
    } catch (IOException e) {
      LOG.debug("run={} log stream closed by the client: {}", run.id(), e.toString());
    }
  }

  private static void forward(OutputStream out, BlockingQueue<Object> events, String[] conclusion)
      throws IOException, InterruptedException {
    while (true) {
      Object next = events.poll(15, TimeUnit.SECONDS);
      if (next == null) {
        comment(out, "still running");
      } else if (next == END) {
        end(out, conclusion[0]);
        return;
      } else {
        LiveLogs.Line l = (LiveLogs.Line) next;
        line(out, l.number(), l.jobId(), l.stepId(), l.stream(), l.text());
      }
    }
  }

  private void replay(OutputStream out, StoredRun run) throws IOException {
    for (Progress.LogChunk c : store.progress().logs(run.id())) {
      String[] lines = c.text().split("\n", -1);
      for (int i = 0; i < lines.length; i++) line(out, c.firstLine() + i, c.jobId(), c.stepId(), c.stream(), lines[i]);
    }
    end(out, run.conclusion());
  }

  private static void line(OutputStream out, int n, String job, String step, String stream, String text) throws IOException {
    event(out, "line", Json.object().put("n", n).put("job", job).put("step", step).put("stream", stream).put("text", text));
  }

  private static void end(OutputStream out, String conclusion) throws IOException {
    event(out, "end", Json.object().put("conclusion", conclusion));
  }

  private static void event(OutputStream out, String name, Object data) throws IOException {
    String json;
    try {
      json = Json.MAPPER.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    out.write(("event: " + name + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void comment(OutputStream out, String text) throws IOException {
    out.write((": " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
