package dev.hearth.workflow.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of random expressions over every literal form, operator and function that
 * both Hearth and GitHub's JavaScript implementation know, and the contexts of
 * {@code expr/differential/context.json}. Deliberately left out (see the differential test):
 * string literals with more than one {@code ''} escape and objects with integer-like keys.
 */
final class ExpressionGenerator {
  private static final String[] NUMBERS = {
    "0", "1", "-1", "2.5", "-0", ".5", "-.5", "+1", "1e3", "1E-7", "1.2e+2", "0x1F", "0xff",
    "0o17", "0b101", "NaN", "Infinity", "-Infinity", "123456789012", "0.1", "1.5e300", "1e21",
    "3.14159265358979", "0.84551240822557006", "1e-7", "9007199254740993", "255.0", "100", "2",
    "1.005", "0.000001", "123e-20", "5e-324"};
  private static final String[] STRINGS = {
    "''", "'abc'", "'ABC'", "' 1 '", "'0x10'", "'true'", "'false'", "'null'", "'1e2'", "' '",
    "'İ'", "'i'", "'ı'", "'I'", "'ß'", "'SS'", "'Array'", "'Object'", "'it''s'", "'a,b'",
    "'{0}'", "'refs/heads/main'", "'push'", "'main'", "'  -3.5  '", "'NaN'", "'Infinity'",
    "'-0x10'", "'bug'", "'BUG'", "'pull_request'", "'success'", "'ubuntu-latest'", "'20'",
    "'0'", "'1'", "'3'", "' 0o10 '", "'Σ'", "'ς'", "'ü'", "'Ü'", "'\t2\n'", "'*'", "'a'",
    "'b'", "'k'", "'name'", "'outputs'", "'[1]'", "'{'", "'}}'"};
  private static final String[] PATHS = {
    "github.event_name", "github.ref", "github.sha", "github.repository", "github.run_number",
    "github.event.pull_request.number", "github.event.pull_request.draft",
    "github.event.pull_request.title", "github.event.pull_request.labels",
    "github.event.pull_request.labels.*.name", "github.event.pull_request.labels[*].NAME",
    "github.event.commits.*.added", "github.event.commits.*.added.*", "github.event.commits[1].message",
    "github.event", "github.EVENT.Pull_Request.Head", "env.CI", "env.EMPTY", "env.NUM", "env.HEX",
    "env.mixed", "env.SPACE", "env.FLOAT", "env.MISSING", "env", "matrix.os", "matrix.node",
    "matrix.experimental", "matrix.ratio", "matrix.big", "matrix.tiny", "matrix",
    "steps.build.outputs.result", "steps.build.outputs.version", "steps.build.outputs.count",
    "steps.build.conclusion", "steps.test.outputs", "steps.*.outcome", "steps.*.outputs.*",
    "needs.setup.result", "needs.setup.outputs.key", "needs.setup.outputs.json", "needs.*.result",
    "inputs.flag", "inputs.count", "inputs.name", "inputs.none", "inputs.list", "vars.REGION",
    "vars.limit", "secrets.TOKEN", "runner.os", "runner.arch", "job.status", "job.services",
    "strategy.fail-fast", "strategy.job-index", "strategy.job-total", "jobs.build.outputs",
    "jobs.*.result", "nums", "mixed", "nested", "nested.*", "nested[*][1]", "nested.*.a.b",
    "nested.*.a.b.*", "mixed.*", "nums[2]", "mixed[5].k", "github", "inputs"};
  private static final String[] FORMATS = {
    "'{0}'", "'{0}-{1}'", "'{{0}}'", "'x{1}y{0}'", "'{0'", "'}'", "'{2}'", "'plain'", "'{0}{0}'",
    "'{{{0}}}'", "'{ 0}'", "'{0:x}'", "'}}{{'", "'{1}'", "''"};
  private static final String[] JSONS = {
    "'[1,2,3]'", "'{\"a\":1,\"B\":[true,null]}'", "'\"str\"'", "'1.5'", "'null'", "'true'", "'[]'",
    "'{}'", "'{\"name\":\"x\",\"Name\":\"y\"}'", "'not json'", "''", "'[1,'", "' 7 '",
    "'{\"a\":{\"b\":{\"c\":[1,{\"d\":\"e\"}]}}}'", "'-0'", "'1e400'", "'\"\\\\u00e9\\\\n\"'",
    "'[0.1, 1e21, 1e-7, -2]'", "'{\"a\":1,\"a\":2}'", "'01'", "'[1] x'"};
  private static final String[] COMPARE = {"==", "!=", "<", "<=", ">", ">="};
  private static final String[] UNARY_FUNCS = {"toJSON", "fromJSON", "join", "format"};
  private static final String[] BINARY_FUNCS = {"contains", "startsWith", "endsWith", "join"};

  private final Random random;

  ExpressionGenerator(long seed) {
    this.random = new Random(seed);
  }

  List<String> generate(int count) {
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String e = expr(1 + random.nextInt(4));
      out.add(random.nextInt(8) == 0 ? mutate(e) : e);
    }
    return out;
  }

  private static final String[] NOISE = {
    "(", ")", "[", "]", ",", ".", "!", "=", "&", "|", "'", "@", "1", "a", " ", "==", "*", "-",
    "}}", "..", "0x", "+", "\u00a0", "\u2028", "\ud83d\ude0a", "\t", "\n", "\r", "$", "{",
    "#", "/", "\\", "\"", "0o", "e", "E5", "\u0130", "_", "-", "<", ">", "!="};

  /** A syntax-error-prone variant: truncated, or a character deleted, or noise inserted. */
  private String mutate(String e) {
    int at = random.nextInt(e.length() + 1);
    return switch (random.nextInt(3)) {
      case 0 -> e.substring(0, at);
      case 1 -> at < e.length() ? e.substring(0, at) + e.substring(at + 1) : e;
      default -> e.substring(0, at) + pick(NOISE) + e.substring(at);
    };
  }

  String expr(int depth) {
    if (depth <= 0) {
      return atom();
    }
    return switch (random.nextInt(12)) {
      case 0, 1 -> atom();
      case 2, 3 -> expr(depth - 1) + " " + pick(COMPARE) + " " + expr(depth - 1);
      case 4 -> expr(depth - 1) + (random.nextBoolean() ? " && " : " || ") + expr(depth - 1);
      case 5 -> "!" + expr(depth - 1);
      case 6 -> "(" + expr(depth - 1) + ")";
      case 7 -> call(depth);
      case 8 -> "format(" + pick(FORMATS) + args(depth, random.nextInt(3)) + ")";
      case 9 -> caseCall(depth);
      case 10 -> "fromJSON(" + pick(JSONS) + ")" + accessor(depth);
      default -> "(" + expr(depth - 1) + ")" + accessor(depth);
    };
  }

  private String call(int depth) {
    if (random.nextBoolean()) {
      return pick(UNARY_FUNCS) + "(" + expr(depth - 1) + ")";
    }
    return pick(BINARY_FUNCS) + "(" + expr(depth - 1) + ", " + expr(depth - 1) + ")";
  }

  private String caseCall(int depth) {
    StringBuilder sb = new StringBuilder("case(");
    int pairs = 1 + random.nextInt(2);
    for (int i = 0; i < pairs; i++) {
      String pred = random.nextInt(6) == 0 ? expr(depth - 1)
          : expr(depth - 1) + " " + pick(COMPARE) + " " + atom();
      sb.append(pred).append(", ").append(expr(depth - 1)).append(", ");
    }
    return sb.append(expr(depth - 1)).append(")").toString();
  }

  private String args(int depth, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(", ").append(expr(depth - 1));
    }
    return sb.toString();
  }

  private String accessor(int depth) {
    return switch (random.nextInt(6)) {
      case 0 -> ".*";
      case 1 -> "[*]";
      case 2 -> "[" + atom() + "]";
      case 3 -> ".a";
      case 4 -> "[" + expr(depth - 1) + "]";
      default -> "";
    };
  }

  private String atom() {
    return switch (random.nextInt(10)) {
      case 0 -> pick(new String[] {"null", "true", "false"});
      case 9 -> pick(new String[] {"success()", "failure()", "cancelled()", "always()", "Success()"});
      case 1, 2 -> random.nextInt(3) == 0 ? randomNumber() : pick(NUMBERS);
      case 3, 4 -> pick(STRINGS);
      default -> pick(PATHS) + (random.nextInt(5) == 0 ? "[" + pick(NUMBERS) + "]" : "");
    };
  }

  private String randomNumber() {
    return switch (random.nextInt(4)) {
      case 0 -> Integer.toString(random.nextInt(2000) - 1000);
      case 1 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(30) - 15));
      case 2 -> String.format(java.util.Locale.ROOT, "%.3f", random.nextDouble() * 100);
      default -> Long.toString(random.nextLong());
    };
  }

  private String pick(String[] options) {
    return options[random.nextInt(options.length)];
  }
}
