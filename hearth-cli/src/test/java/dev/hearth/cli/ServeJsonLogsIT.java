package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.testing.GitDaemon;
import dev.hearth.testing.PushPayloads;
import dev.hearth.testing.WebhookClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hearth serve --log-format json} as a real process (the shaded jar): every line it writes on
 * stderr, the web server's included, from start through a run to its stop on SIGTERM, is one JSON object with
 * time, level, logger and message, and the run's subjects (run, delivery, vm) are fields of their own.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ServeJsonLogsIT {
  static final Path JAR = Path.of(System.getProperty("user.dir")).resolve("target/hearth.jar");
  static final String SECRET = "json-secret";
  static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void everyLineOnStderrIsOneJsonObjectWithTheRunsSubjectsAsFields() throws Exception {
    try (GitDaemon git = GitDaemon.start(tmp.resolve("served"))) {
      GitDaemon.Repository repo = git.create("octo/json", "main");
      String sha = repo.file(".github/workflows/ci.yml", """
          on: push
          jobs:
            build:
              runs-on: ubuntu-latest
              steps:
                - run: echo built
          """).commitAndPush();
      Files.createDirectories(tmp.resolve("java-tmp"));
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + tmp.resolve("java-tmp"), "-jar", JAR.toString(),
          "serve", "--log-format", "json", "--listen", "127.0.0.1:0", "--data-dir", tmp.resolve("data").toString(),
          "--provider", "host");
      pb.environment().put("HEARTH_WEBHOOK_SECRET", SECRET);
      pb.environment().put("HEARTH_SOURCE_BASE_URL", git.baseUrl());
      Process p = pb.start();
      List<String> stderr = new CopyOnWriteArrayList<>();
      Thread errors = Thread.ofVirtual().start(() -> readLines(p.getErrorStream(), stderr::add));
      CompletableFuture<Integer> port = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> {
        readLines(p.getInputStream(), line -> {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) port.complete(Integer.parseInt(m.group(1)));
        });
        port.completeExceptionally(new IllegalStateException("hearth serve exited before listening: " + stderr));
      });
      try {
        WebhookClient client = new WebhookClient(port.get(60, TimeUnit.SECONDS));
        byte[] push = PushPayloads.push("octo/json", "https://github.com/octo/json.git", "main", sha);
        assertThat(client.send("push", "d-json", push, SECRET).statusCode()).isEqualTo(202);
        assertThat(client.send("push", "d-forged", push, "not-the-secret").statusCode()).isEqualTo(401);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!JSON.readTree(client.get("/api/runs?state=finished").body()).path("runs").has(0)) {
          if (System.nanoTime() > deadline) throw new AssertionError("the run did not finish; stderr: " + stderr);
          Thread.sleep(100);
        }
      } finally {
        // SIGTERM through the handle: Process.destroy() would also close the pipes the lines come through.
        p.toHandle().destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("hearth serve ends on SIGTERM").isTrue();
        errors.join(10_000);
      }

      assertThat(stderr).isNotEmpty();
      List<JsonNode> lines = new ArrayList<>();
      for (String line : stderr) {
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (IOException e) {
          throw new AssertionError("not a JSON line on stderr: " + line, e);
        }
        assertThat(node.isObject()).as(line).isTrue();
        assertThat(node.path("time").asText()).as(line).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(node.path("level").asText()).as(line).isIn("ERROR", "WARN", "INFO", "DEBUG", "TRACE");
        assertThat(node.path("logger").asText()).as(line).isNotEmpty();
        assertThat(node.has("message")).as(line).isTrue();
        lines.add(node);
      }
      assertThat(lines).anySatisfy(l -> assertThat(l.path("logger").asText()).startsWith("io.helidon"));
      assertThat(lines).anySatisfy(l -> {
        assertThat(l.path("delivery").asText()).isEqualTo("d-json");
        assertThat(l.path("run").asText()).isNotEmpty();
        assertThat(l.path("message").asText()).contains("finished");
      });
      assertThat(lines).anySatisfy(l -> assertThat(l.path("vm").asText()).isNotEmpty());
      assertThat(lines).anySatisfy(l -> assertThat(l.path("message").asText()).isEqualTo("hearth serve stopped"));
      assertThat(lines).anySatisfy(l -> {
        assertThat(l.path("delivery").asText()).isEqualTo("d-forged");
        assertThat(l.path("level").asText()).isEqualTo("WARN");
      });
    }
  }

  private static void readLines(java.io.InputStream in, java.util.function.Consumer<String> each) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        System.out.println("[serve] " + line);
        each.accept(line);
      }
    } catch (IOException e) {
      // the process ended
    }
  }
}
