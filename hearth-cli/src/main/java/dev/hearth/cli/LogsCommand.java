package dev.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hearth logs RUN [-f]}: a run's log from a running {@code hearth serve}, whole or followed live. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the log of run RUN of a running 'hearth serve', through its REST API.",
      "With -f, follows it live until the run ends (its conclusion is printed last).",
      "Exit status: 0; with -f, 0 when the run succeeded and 1 when not;",
      "1 when the server refused the request (e.g. no such run), 2 when it cannot be reached."
    })
final class LogsCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN", description = "The run's id (see hearth runs).")
  long run;

  @Option(names = {"-f", "--follow"}, description = "Follow the log until the run ends.")
  boolean follow;

  @Option(names = "--server", paramLabel = "URL", description = "The server (default: " + ServerApi.DEFAULT_URL + ").")
  String server = ServerApi.DEFAULT_URL;

  @Override
  public Integer call() throws InterruptedException, IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      ServerApi api = new ServerApi(server);
      return follow ? follow(api, out) : whole(api, out);
    } catch (ServerApi.ApiException e) {
      err.println("hearth logs: " + e.getMessage());
      return e.getMessage().startsWith("cannot") || e.getMessage().startsWith("--server") ? 2 : 1;
    }
  }

  private int whole(ServerApi api, PrintWriter out) throws ServerApi.ApiException, InterruptedException {
    JsonNode logs = api.get("/api/runs/" + run + "/logs");
    for (JsonNode chunk : logs.path("chunks")) out.println(chunk.path("text").asText());
    return 0;
  }

  private int follow(ServerApi api, PrintWriter out) throws ServerApi.ApiException, InterruptedException, IOException {
    String event = null;
    Iterator<String> lines = api.stream("/api/runs/" + run + "/logs/stream").iterator();
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.startsWith("event: ")) {
        event = line.substring(7);
      } else if (line.startsWith("data: ")) {
        JsonNode data = JSON.readTree(line.substring(6));
        if ("line".equals(event)) {
          out.println(data.path("text").asText());
          out.flush();
        } else if ("end".equals(event)) {
          String conclusion = data.path("conclusion").asText("unknown");
          out.println("run " + run + " finished: " + conclusion);
          return conclusion.equals("success") ? 0 : 1;
        }
      }
    }
    out.println("run " + run + ": the server closed the stream before the run ended");
    return 1;
  }
}
