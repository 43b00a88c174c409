package dev.hearth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs Hearth's JMH benchmarks and prints one table: each figure beside its target. Also writes
 * the table as JSON. Usage: {@code BenchMain OUTPUT.json [INCLUDE-REGEX]}.
 */
public final class BenchMain {

  /** A benchmark's target: the figure must be at least (or at most) this, in the benchmark's unit. */
  record Target(double value, boolean atLeast, String why) {}

  private static final Map<String, Target> TARGETS = Map.of(
      "ExpressionBench.simpleCondition", new Target(1_000_000, true, "simple expression evaluation, one core"),
      "PlanBench.parseAndPlan", new Target(200, false, "parse + plan 1,000 jobs / 10,000 steps, warm"),
      "EngineBench.stepOverhead", new Target(5, false, "host-provider step minus a raw bash -c, per step"),
      "EngineBench.sessionOpenClose", new Target(5_000, true, "session admit + allocate + release, TestVmProvider"),
      "SandboxBench.coldAllocateToFirstCommand", new Target(20, false, "sandbox allocate to first command, network none"),
      "SandboxBench.coldAllocateOutbound", new Target(20, false, "sandbox allocate to first command, slirp4netns"),
      "SandboxBench.execRoundTrip", new Target(2, false, "one command in a live sandbox"),
      "GvisorBench.coldAllocateNone", new Target(300, false, "gvisor sandbox allocate to first command, network none"));

  private BenchMain() {}

  public static void main(String[] args) throws RunnerException, IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "bench/results/latest.json");
    String include = args.length > 1 ? args[1] : "dev\\.hearth\\.bench\\..*Bench";
    Options options = new OptionsBuilder()
        .include(include)
        .forks(1)
        .warmupIterations(3)
        .warmupTime(TimeValue.seconds(2))
        .measurementIterations(5)
        .measurementTime(TimeValue.seconds(2))
        .threads(1)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    List<Row> rows = new ArrayList<>();
    for (RunResult r : results) rows.add(Row.of(r));
    stepOverhead(rows);
    System.out.println();
    System.out.print(table(rows));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, json(rows));
    System.out.println("written: " + out);
  }

  record Row(String name, double score, double error, String unit, Target target) {
    static Row of(RunResult r) {
      Result<?> p = r.getPrimaryResult();
      String label = r.getParams().getBenchmark();
      String name = label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1);
      return new Row(name, p.getScore(), p.getScoreError(), p.getScoreUnit(), TARGETS.get(name));
    }

    String verdict() {
      if (target == null) return "";
      boolean ok = target.atLeast() ? score >= target.value() : score <= target.value();
      return (ok ? "meets " : "MISSES ") + (target.atLeast() ? "≥ " : "≤ ") + fmt(target.value());
    }
  }

  /**
   * The engine's cost per step above the process itself: {@code EngineBench.hostStep} minus {@code
   * EngineBench.rawBashStep}, when both ran (errors add up).
   */
  static void stepOverhead(List<Row> rows) {
    Row host = null;
    Row raw = null;
    for (Row r : rows) {
      if (r.name().equals("EngineBench.hostStep")) host = r;
      if (r.name().equals("EngineBench.rawBashStep")) raw = r;
    }
    if (host == null || raw == null) return;
    String name = "EngineBench.stepOverhead";
    rows.add(new Row(name, host.score() - raw.score(), host.error() + raw.error(), host.unit(), TARGETS.get(name)));
  }

  static String table(List<Row> rows) {
    StringBuilder b = new StringBuilder();
    String f = "%-42s %16s %12s %-12s %s%n";
    b.append(String.format(Locale.ROOT, f, "benchmark", "hearth", "± error", "unit", "target"));
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, f, r.name(), fmt(r.score()), fmt(r.error()), r.unit(), r.verdict()));
    }
    return b.toString();
  }

  static String json(List<Row> rows) {
    StringBuilder b = new StringBuilder("[\n");
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      b.append(String.format(Locale.ROOT,
          "  {\"benchmark\": \"%s\", \"score\": %s, \"error\": %s, \"unit\": \"%s\", \"target\": %s, \"verdict\": \"%s\"}%s%n",
          r.name(), num(r.score()), num(r.error()), r.unit(),
          r.target() == null ? "null" : num(r.target().value()), r.verdict(), i + 1 < rows.size() ? "," : ""));
    }
    return b.append("]\n").toString();
  }

  private static String num(double d) {
    return Double.isFinite(d) ? String.format(Locale.ROOT, "%.3f", d) : "null";
  }

  static String fmt(double d) {
    if (!Double.isFinite(d)) return "n/a";
    if (Math.abs(d) >= 1000) return String.format(Locale.ROOT, "%,.0f", d);
    return String.format(Locale.ROOT, "%.3f", d);
  }
}
