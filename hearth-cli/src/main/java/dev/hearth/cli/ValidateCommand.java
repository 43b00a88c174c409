package dev.hearth.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hearth.workflow.source.WorkflowError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hearth validate}: checks workflow files and prints every error with its position. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks workflow files as GitHub would and prints every error as file:line:column: message.",
      "A directory means the workflows under its .github/workflows folders (or the .yml/.yaml files in it).",
      "Exit status: 0 when all files are valid, 2 otherwise."
    })
final class ValidateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "PATH", arity = "0..*", description = "Workflow files or directories (default: .)")
  List<Path> paths = new ArrayList<>();

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // a missing path throws NoSuchFileException: ErrorHandler prints "hearth validate: PATH: no such file or directory", exit 2
    List<Path> files = WorkflowFiles.discover(paths.isEmpty() ? List.of(Path.of(".")) : paths);
    if (files.isEmpty()) {
      err.println("hearth validate: no workflow files found in " + paths);
      return 2;
    }
    Map<Path, List<WorkflowError>> results = new LinkedHashMap<>();
    for (Path file : files) results.put(file, Workflows.check(file));
    int errors = results.values().stream().mapToInt(List::size).sum();
    if (json) {
      printJson(out, results);
    } else {
      results.values().forEach(list -> list.forEach(e -> out.println(e.render())));
      long bad = results.values().stream().filter(l -> !l.isEmpty()).count();
      (errors == 0 ? out : err).printf("%d workflow file%s checked: %s%n", files.size(), files.size() == 1 ? "" : "s",
          errors == 0 ? "all valid" : errors + " error" + (errors == 1 ? "" : "s") + " in " + bad + " file" + (bad == 1 ? "" : "s"));
    }
    return errors == 0 ? 0 : 2;
  }

  private static void printJson(PrintWriter out, Map<Path, List<WorkflowError>> results) throws IOException {
    List<Map<String, Object>> files = new ArrayList<>();
    results.forEach((file, errs) -> {
      List<Map<String, Object>> list = new ArrayList<>();
      for (WorkflowError e : errs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", e.position().file());
        m.put("line", e.position().line());
        m.put("column", e.position().column());
        m.put("message", e.message());
        list.add(m);
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("file", file.toString());
      entry.put("valid", errs.isEmpty());
      entry.put("errors", list);
      files.add(entry);
    });
    out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(files));
  }
}
