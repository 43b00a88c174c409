package dev.hearth.workflow.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Differential test against GitHub's JavaScript implementation, the npm package
 * {@code @actions/expressions} {@value #PACKAGE_VERSION}, run under Node: a few thousand seeded
 * random expressions are evaluated by both over the same context, and every answer must agree —
 * the kind, the value as pretty JSON, the value as a string, or the error kind (and, for
 * syntax errors, the position).
 *
 * <p>Shapes the generator avoids because the JavaScript library deviates from GitHub's
 * documented behaviour there: a string literal with two or more {@code ''} escapes (the library
 * unescapes only the first; GitHub's docs and runner unescape all), and objects with integer-like
 * keys (JavaScript objects reorder those keys; GitHub keeps the order written). Syntax-error
 * columns after a line break are compared as the JavaScript parser counts them (per line).
 *
 * <p>Skipped, with the reason printed, when node or npm is missing or the package cannot be
 * installed.
 */
class ExpressionDifferentialTest {
  static final String PACKAGE_VERSION = "0.3.61";
  private static final int COUNT = Integer.getInteger("hearth.expr.count", 4000);
  private static final long SEED = Long.getLong("hearth.expr.seed", 20261204L);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern POSITION = Pattern.compile("position (\\d+)");

  @Test
  void hearthAndGitHubsJavaScriptImplementationAgreeOnRandomExpressions() throws Exception {
    Path work = Path.of(System.getProperty("user.dir"), "target", "expr-differential");
    Files.createDirectories(work);
    ensurePackage(work);
    Path script = copyResource("evaluate.mjs", work);
    Path context = copyResource("context.json", work);
    List<String> exprs = new ExpressionGenerator(SEED).generate(COUNT);
    Path exprFile = work.resolve("expressions.json");
    JSON.writeValue(exprFile.toFile(), exprs);

    JsonNode js = JSON.readTree(run(work, "node", script.toString(), work.toString(),
        context.toString(), exprFile.toString()));
    JsonNode contextJson = JSON.readTree(context.toFile());
    ExpressionScope scope = new ExpressionScope(
        ExpressionConformanceTest.scopeFor(contextJson).namedValues(),
        Set.of("success", "failure", "cancelled", "always"));
    EvaluationContext ctx = EvaluationContext.fromJson(contextJson);

    List<String> disagreements = new ArrayList<>();
    for (int i = 0; i < exprs.size(); i++) {
      String d = compare(exprs.get(i), js.get(i), scope, ctx);
      if (d != null) {
        disagreements.add(d);
      }
    }
    System.out.printf("differential: %d expressions compared with @actions/expressions %s%n",
        exprs.size(), PACKAGE_VERSION);
    assertThat(js.size()).isEqualTo(COUNT);
    assertThat(disagreements).as("disagreements with GitHub's JavaScript implementation")
        .isEmpty();
  }

  /** A description of how Hearth's answer differs from {@code expected}, or null. */
  static String compare(String expr, JsonNode expected, ExpressionScope scope,
      EvaluationContext ctx) {
    Value actual;
    try {
      actual = Evaluator.evaluate(ExpressionParser.parse(expr, scope), ctx);
    } catch (ExpressionException e) {
      if (!expected.has("error")) {
        return expr + "\n  hearth: " + e.kind() + " " + e.getMessage() + "\n  github: " + expected;
      }
      String jsKind = expected.get("error").asText();
      boolean evaluation = jsKind.equals("evaluation");
      boolean kindOk = evaluation == (e.kind() == ExpressionException.Kind.EVALUATION);
      int column = jsKind.equals("parsing") ? lineRelative(expr, e.column()) : e.column();
      boolean posOk = evaluation
          || String.valueOf(column).equals(position(expected.get("message").asText()));
      return kindOk && posOk ? null
          : expr + "\n  hearth: " + e.kind() + " " + e.getMessage() + "\n  github: " + expected;
    }
    if (expected.has("error")) {
      return expr + "\n  hearth: " + Values.toJsonText(actual) + "\n  github: " + expected;
    }
    boolean same = actual.kindName().equals(expected.get("kind").asText())
        && Values.toJsonText(actual).equals(expected.get("json").asText())
        && Coercion.toStr(actual).equals(expected.get("str").asText());
    return same ? null : expr + "\n  hearth: " + actual.kindName() + " "
        + Values.toJsonText(actual) + " / " + Coercion.toStr(actual) + "\n  github: " + expected;
  }

  /**
   * The JavaScript parser counts a syntax error's column from the start of its line, where
   * GitHub's runner and conformance data count from the start of the expression (the conformance
   * cases with line breaks are marked as skipped for the JavaScript implementation).
   */
  private static int lineRelative(String expr, int column) {
    int lastBreak = -1;
    boolean inString = false;
    for (int i = 0; i < column - 1 && i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (c == '\'') {
        inString = !inString;
      } else if (c == '\n' && !inString) {
        lastBreak = i; // JavaScript's lexer starts a new line only outside string literals
      }
    }
    return column - lastBreak - 1;
  }

  private static String position(String message) {
    Matcher m = POSITION.matcher(message);
    return m.find() ? m.group(1) : "?";
  }

  private static void ensurePackage(Path work) throws Exception {
    boolean ci = System.getenv("CI") != null; // CI installs node and npm and reaches the npm registry
    if (!onPath("node") || !onPath("npm")) {
      if (ci) throw new AssertionError("node or npm is not on the PATH; .ci/run should have installed them");
      System.out.println("SKIPPED differential test: node or npm is not on the PATH");
      abort("node or npm is not on the PATH; the CI script installs them");
    }
    Path pkg = work.resolve("node_modules/@actions/expressions/package.json");
    if (Files.exists(pkg) && Files.readString(pkg).contains("\"" + PACKAGE_VERSION + "\"")) {
      return;
    }
    try {
      run(work, "npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix",
          work.toString(), "@actions/expressions@" + PACKAGE_VERSION);
    } catch (IOException e) {
      if (ci) throw new AssertionError("could not install @actions/expressions from the npm registry", e);
      System.out.println("SKIPPED differential test: " + e.getMessage());
      abort("could not install @actions/expressions: " + e.getMessage());
    }
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  /** Runs {@code command} in {@code dir} for at most two minutes and returns its output. */
  private static String run(Path dir, String... command) throws Exception {
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    boolean finished = p.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish within 120 s");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
          + Files.readString(err));
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static Path copyResource(String name, Path work) throws IOException {
    Path target = work.resolve(name);
    try (InputStream in = ExpressionDifferentialTest.class.getResourceAsStream(
        "/expr/differential/" + name)) {
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }
}
