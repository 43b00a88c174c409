package dev.hearth.workflow.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.workflow.yaml.YamlLimits;
import dev.hearth.workflow.yaml.YamlLoader;
import dev.hearth.workflow.yaml.YamlMapping;
import dev.hearth.workflow.yaml.YamlScalar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file of GitHub's workflow-parser conformance data: an options header, {@code ---}, the
 * workflow, {@code ---}, optionally called workflows (name and content pairs, {@code callees}),
 * {@code ---}, and
 * the expected outcome as JSON. Error lines count from the first line of the workflow part.
 */
record ConformanceFixture(
    String name, String header, String workflow, Map<String, String> callees, JsonNode expected) {
  private static final Pattern POSITIONED =
      Pattern.compile("(?s)^(\\S+) \\(Line: (\\d+), Col: (\\d+)\\): (.*)$");
  private static final Pattern WHOLE_FILE = Pattern.compile("(?s)^(\\S+): (.*)$");

  /** One error GitHub expects; line and column are 0 for an error about the whole file. */
  record ExpectedError(int line, int column, String message) {}

  static ConformanceFixture read(Path file) throws IOException {
    String text = Files.readString(file).replace("\r\n", "\n");
    List<String> parts = new ArrayList<>(Arrays.asList(text.split("(?m)^---\\n", -1)));
    String json = parts.get(parts.size() - 1);
    String workflow = parts.get(1);
    Map<String, String> callees = new LinkedHashMap<>();
    for (int i = 2; i + 1 < parts.size() - 1; i += 2) callees.put(parts.get(i).strip(), parts.get(i + 1));
    return new ConformanceFixture(file.getFileName().toString(), parts.get(0), workflow, callees,
        new ObjectMapper().readTree(json));
  }

  boolean expectsErrors() {
    return expected.has("errors");
  }

  List<ExpectedError> expectedErrors() {
    List<ExpectedError> out = new ArrayList<>();
    for (JsonNode e : expected.get("errors")) {
      String message = e.get("Message").asText();
      Matcher m = POSITIONED.matcher(message);
      if (m.matches()) {
        out.add(new ExpectedError(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4)));
      } else {
        Matcher w = WHOLE_FILE.matcher(message);
        out.add(new ExpectedError(0, 0, w.matches() ? w.group(2) : message));
      }
    }
    return out;
  }

  /** The repository's default permissions the header names ({@code permissions-policy}), else write. */
  PermissionsPolicy policy() throws Exception {
    if (!(new YamlLoader().load("header", header) instanceof YamlMapping h)) return PermissionsPolicy.WRITE;
    return h.get("permissions-policy").map(v -> ((YamlScalar) v).text()).filter("LimitedRead"::equals)
        .map(v -> PermissionsPolicy.LIMITED_READ).orElse(PermissionsPolicy.WRITE);
  }

  /** The nesting depth of reusable workflows the header allows, else GitHub's. */
  int maxNestingDepth() throws Exception {
    if (!(new YamlLoader().load("header", header) instanceof YamlMapping h)) return ReusableCallChecker.MAX_NESTING_DEPTH;
    return h.get("max-nested-reusable-workflows-depth").map(v -> (int) ((YamlScalar) v).numberValue())
        .orElse(ReusableCallChecker.MAX_NESTING_DEPTH);
  }

  /** The YAML limits the header asks for (max-file-size, max-depth), else GitHub's defaults. */
  YamlLimits limits() throws Exception {
    YamlLimits base = WorkflowParser.GITHUB_LIMITS;
    if (!(new YamlLoader().load("header", header) instanceof YamlMapping h)) return base;
    int size = h.get("max-file-size").map(v -> (int) ((YamlScalar) v).numberValue()).orElse(base.maxFileSize());
    int depth = h.get("max-depth").map(v -> (int) ((YamlScalar) v).numberValue()).orElse(base.maxDepth());
    return new YamlLimits(size, depth, base.maxNodes());
  }
}
