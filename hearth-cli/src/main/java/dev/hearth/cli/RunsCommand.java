package dev.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hearth runs}: the recent runs of a running {@code hearth serve}, as a table. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the recent runs of a running 'hearth serve' (newest first), through its REST API.",
      "Exit status: 0, 1 when the server refused the request, 2 when it cannot be reached."
    })
final class RunsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--server", paramLabel = "URL", description = "The server (default: " + ServerApi.DEFAULT_URL + ").")
  String server = ServerApi.DEFAULT_URL;

  @Option(names = "--state", paramLabel = "STATE", description = "Only runs queued, running or finished.")
  String state;

  @Option(names = "--repository", paramLabel = "OWNER/NAME", description = "Only runs of this repository.")
  String repository;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "At most N runs (default: 20).")
  int limit = 20;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    JsonNode page;
    try {
      StringBuilder path = new StringBuilder("/api/runs?limit=" + limit);
      if (state != null) path.append("&state=").append(URLEncoder.encode(state, StandardCharsets.UTF_8));
      if (repository != null) path.append("&repository=").append(URLEncoder.encode(repository, StandardCharsets.UTF_8));
      page = new ServerApi(server).get(path.toString());
    } catch (ServerApi.ApiException e) {
      err.println("hearth runs: " + e.getMessage());
      return e.getMessage().startsWith("cannot") || e.getMessage().startsWith("--server") ? 2 : 1;
    }
    Table table = new Table("ID", "REPOSITORY", "WORKFLOW", "EVENT", "STATE", "CONCLUSION", "STARTED", "DURATION");
    for (JsonNode run : page.path("runs")) {
      table.row(run.path("id").asText(), text(run, "repository"), text(run, "workflowName").isEmpty()
          ? text(run, "workflow") : text(run, "workflowName"), text(run, "event"), text(run, "state"),
          text(run, "conclusion"), text(run, "startedAt"), duration(run.path("durationMs")));
    }
    if (page.path("runs").isEmpty()) {
      out.println("no runs");
    } else {
      table.print(out);
    }
    return 0;
  }

  private static String text(JsonNode run, String field) {
    JsonNode v = run.path(field);
    return v.isNull() || v.isMissingNode() ? "" : v.asText();
  }

  private static String duration(JsonNode ms) {
    if (!ms.isNumber()) return "";
    Duration d = Duration.ofMillis(ms.asLong());
    return d.toMinutes() > 0 ? d.toMinutes() + "m" + d.toSecondsPart() + "s" : String.format("%.1fs", ms.asLong() / 1000.0);
  }
}
