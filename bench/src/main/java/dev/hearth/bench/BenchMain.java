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

  private static final Map<String, Target> TARGETS = Map.ofEntries(
      Map.entry("ExpressionBench.simpleCondition", new Target(1_000_000, true, "simple expression evaluation, one core")),
      Map.entry("PlanBench.parseAndPlan", new Target(200, false, "parse + plan 1,000 jobs / 10,000 steps, warm")),
      Map.entry("EngineBench.stepOverhead", new Target(5, false, "host-provider step minus a raw bash -c, per step")),
      Map.entry("EngineBench.sessionOpenClose", new Target(5_000, true, "session admit + allocate + release, TestVmProvider")),
      Map.entry("ServeBench.webhookToFirstStep", new Target(50, false, "signed push → fetch, checkout, VM, first step (host, mean)")),
      Map.entry("ServeBench.intake", new Target(1_000, true, "signed deliveries accepted and queued per second, SQLite")),
      Map.entry("EngineBench.stepCpuOverhead", new Target(5, false, "the same in CPU time (process + children)")),
      Map.entry("PoolBench.warmAllocate", new Target(5, false, "a ready VM from the warm pool, host provider")),
      Map.entry("PoolBench.warmAllocateChecked", new Target(5, false, "the same with a health check at hand-out")),
      Map.entry("SandboxBench.coldAllocateToFirstCommand", new Target(20, false, "sandbox allocate to first command, network none")),
      Map.entry("SandboxBench.coldAllocateOutbound", new Target(20, false, "sandbox allocate to first command, slirp4netns")),
      Map.entry("SandboxBench.execRoundTrip", new Target(2, false, "one command in a live sandbox")),
      Map.entry("MicrovmBench.coldAllocate", new Target(300, false, "microVM allocate to first command, where KVM works")),
      Map.entry("MicrovmBench.execRoundTrip", new Target(10, false, "exec of true in a booted microVM, TCG")),
      Map.entry("ControlPlaneBench.runs", new Target(2_000, true, "whole runs per second, max-sessions 8, TestVmProvider")),
      Map.entry("MemoryProbe.rss100Sessions", new Target(150, false, "JVM RSS with 100 open sessions, host provider")),
      Map.entry("FleetBench.claims", new Target(500, true, "runs claimed per second, 3 hosts in one JVM, one PostgreSQL")),
      Map.entry("FleetBench.takeover", new Target(3_000, false, "a dead host's run claimed by another, 2 s lease (lease + 1 s)")),
      Map.entry("GvisorBench.coldAllocateNone", new Target(300, false, "gvisor sandbox allocate to first command, network none")));

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
    if (rows.stream().anyMatch(r -> r.name().equals("EngineBench.hostStep"))) stepCpu(rows);
    if (args.length < 2) memory(rows);
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

  /** CPU time per step of the host provider and of a raw {@code bash -c}, and their difference. */
  static void stepCpu(List<Row> rows) {
    try {
      double[] cpu = EngineBench.cpuPerStep(3);
      rows.add(new Row("EngineBench.hostStepCpu", cpu[0], Double.NaN, "cpu-ms/op", null));
      rows.add(new Row("EngineBench.rawBashStepCpu", cpu[1], Double.NaN, "cpu-ms/op", null));
      rows.add(new Row("EngineBench.stepCpuOverhead", cpu[0] - cpu[1], Double.NaN, "cpu-ms/op", TARGETS.get("EngineBench.stepCpuOverhead")));
    } catch (Exception e) {
      System.err.println("bench: the CPU-time measurement failed: " + e);
    }
  }

  /**
   * Runs {@link MemoryProbe} in a fresh JVM (so nothing JMH did counts) and adds its RSS as a row;
   * a probe that fails adds nothing and says why.
   */
  static void memory(List<Row> rows) {
    String name = "MemoryProbe.rss100Sessions";
    try {
      Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
      Process p = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
          "dev.hearth.bench.MemoryProbe").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      p.waitFor();
      for (String line : out.lines().toList()) {
        if (line.startsWith("rss_mb=")) {
          rows.add(new Row(name, Double.parseDouble(line.substring(7)), 0, "MB", TARGETS.get(name)));
          return;
        }
      }
      System.err.println("memory probe printed no rss_mb (exit " + p.exitValue() + "):\n" + out);
    } catch (IOException | RuntimeException e) {
      System.err.println("memory probe failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
