package dev.hearth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs Hearth's benchmarks and prints one table: each figure beside the reference measured in the same
 * run (the same work without Hearth), their ratio and the target (see {@link Line#ALL}). Also writes
 * the table as JSON. Usage: {@code BenchMain OUTPUT.json [INCLUDE-REGEX]}; with a regex only the
 * matching JMH benchmarks run (and no CPU-time or memory probe).
 *
 * <p>JMH measures the in-process figures; the end-to-end ones (a VM's boot, a webhook's way to its
 * first step) are whole-process timings repeated by JMH, shown as min / median / max of the
 * repetitions. A provider that cannot run on this host gets its lines, saying why, instead of its
 * benchmarks.
 */
public final class BenchMain {

  /** A benchmark's target: the figure must be at least (or at most) this, in the benchmark's unit. */
  record Target(double value, boolean atLeast, String why) {}

  static final Map<String, Target> TARGETS = Map.ofEntries(
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
      Map.entry("SandboxBench.warmAllocate", new Target(5, false, "a ready sandbox from the warm pool")),
      Map.entry("MicrovmBench.coldAllocate", new Target(300, false, "microVM allocate to first command, where KVM works")),
      Map.entry("MicrovmBench.execRoundTrip", new Target(10, false, "exec of true in a booted microVM, TCG")),
      Map.entry("ControlPlaneBench.runs", new Target(2_000, true, "whole runs per second, max-sessions 8, TestVmProvider")),
      Map.entry("MemoryProbe.rss100Sessions", new Target(150, false, "JVM RSS with 100 open sessions, host provider")),
      Map.entry("FleetBench.claims", new Target(500, true, "runs claimed per second, 3 hosts in one JVM, one PostgreSQL")),
      Map.entry("FleetBench.takeover", new Target(3_000, false, "a dead host's run claimed by another, 2 s lease (lease + 1 s)")),
      Map.entry("GvisorBench.coldAllocateNone", new Target(300, false, "gvisor sandbox allocate to first command, network none")));

  /**
   * JMH settings for a group of benchmarks, chosen so that the whole run fits in ten minutes on two
   * cores. {@code include} is a regular expression found in {@code dev.hearth.bench.Class.method}.
   */
  record Group(String include, int warmups, int warmupSeconds, int iterations, int iterationSeconds) {}

  static final List<Group> GROUPS = List.of(
      new Group("ExpressionBench|PlanBench|SqliteBench|ControlPlaneBench|EngineBench\\.sessionOpenClose", 2, 1, 3, 1),
      new Group("EngineBench\\.(hostStep|rawBashStep)", 1, 1, 3, 1),
      new Group("PoolBench|ProviderStepBench", 1, 1, 3, 1),
      new Group("SandboxBench|GvisorBench", 1, 1, 3, 1),
      new Group("MicrovmBench", 1, 1, 3, 1),
      new Group("ServeBench", 1, 2, 3, 2));
  /** Every other benchmark (one added without a group): these settings. */
  static final Group OTHERS = new Group("dev\\.hearth\\.bench\\..*Bench\\.", 1, 1, 3, 1);

  /** The benchmarks of a provider's own class, left out when the provider cannot run here. */
  private static final Map<String, String> PROVIDER_CLASSES = Map.of(
      "sandbox", "SandboxBench", "gvisor", "GvisorBench", "microvm", "MicrovmBench");

  private BenchMain() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "bench/results/latest.json");
    String only = args.length > 1 ? args[1] : null;
    long started = System.nanoTime();
    System.out.println("bench: load average at start " + loadAverage());
    Map<String, String> cannotRun = Providers.cannotRun();
    cannotRun.forEach((p, why) -> System.out.println("bench: provider " + p + " cannot run here: " + why));
    Map<String, Figure> figures = new LinkedHashMap<>();
    if (only != null) {
      run(new Group(only, 1, 1, 3, 1), List.of(), cannotRun, figures);
      boolean microvmExec = java.util.regex.Pattern.compile(only).matcher("dev.hearth.bench.MicrovmBench.execRoundTrip").find();
      if (microvmExec && !cannotRun.containsKey("microvm")) microvmExecCpu(figures);
    } else {
      for (Group g : GROUPS) run(g, List.of(), cannotRun, figures);
      run(OTHERS, GROUPS.stream().map(Group::include).toList(), cannotRun, figures);
      stepCpu(figures);
      controlPlaneCpu(figures);
      if (!cannotRun.containsKey("microvm")) microvmExecCpu(figures);
      memory(figures);
    }
    List<Table.Row> rows = Table.rows(Line.ALL, figures, cannotRun, TARGETS, only);
    System.out.println();
    System.out.print(Table.text(rows));
    System.out.printf(Locale.ROOT, "bench: %.1f minutes; load average at the end %s (2 cores: above 2 the figures are loaded)%n",
        (System.nanoTime() - started) / 60e9, loadAverage());
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, Table.json(rows));
    System.out.println("written: " + out);
  }

  /** Runs one group's benchmarks (without those of {@code excluded} groups and of providers that cannot run). */
  static void run(Group group, List<String> excluded, Map<String, String> cannotRun, Map<String, Figure> figures) {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(group.include())
        .forks(1)
        .warmupIterations(group.warmups())
        .warmupTime(TimeValue.seconds(group.warmupSeconds()))
        .measurementIterations(group.iterations())
        .measurementTime(TimeValue.seconds(group.iterationSeconds()))
        .threads(1);
    excluded.forEach(options::exclude);
    cannotRun.keySet().stream().map(PROVIDER_CLASSES::get).filter(c -> c != null).forEach(options::exclude);
    List<String> providers = Providers.ALL.stream().filter(p -> !cannotRun.containsKey(p)).toList();
    options.param("provider", providers.toArray(String[]::new));
    try {
      for (RunResult r : new Runner(options.build()).run()) {
        Figure f = Figure.of(r);
        figures.put(f.name(), f);
      }
    } catch (NoBenchmarksException e) {
      // every benchmark of the group was left out
    } catch (RunnerException | RuntimeException e) {
      System.err.println("bench: the benchmarks matching " + group.include() + " did not complete: " + e);
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** CPU time per step of the host provider and of a raw {@code bash -c}, outside JMH. */
  static void stepCpu(Map<String, Figure> figures) {
    try {
      double[] cpu = EngineBench.cpuPerStep(3);
      figures.put("EngineBench.hostStepCpu", Figure.single("EngineBench.hostStepCpu", cpu[0], "ms/op"));
      figures.put("EngineBench.rawBashStepCpu", Figure.single("EngineBench.rawBashStepCpu", cpu[1], "ms/op"));
    } catch (Exception e) {
      System.err.println("bench: the CPU-time measurement of steps failed: " + e);
    }
  }

  /** Whole runs per CPU-second of this process (all threads), over three windows of two seconds. */
  static void controlPlaneCpu(Map<String, Figure> figures) {
    String name = "ControlPlaneBench.runsPerCpuSecond";
    try {
      double[] perCpuSecond = ControlPlaneBench.runsPerCpuSecond(3, Duration.ofSeconds(2));
      figures.put(name, Figure.repeated(name, perCpuSecond, "runs/cpu-s"));
    } catch (Exception e) {
      System.err.println("bench: the CPU-time measurement of the control plane failed: " + e);
    }
  }

  /** QEMU's CPU time per exec round trip in a microVM (the guest's cost, which the load does not inflate). */
  static void microvmExecCpu(Map<String, Figure> figures) {
    String name = "MicrovmBench.execRoundTripQemuCpu";
    try {
      figures.put(name, Figure.single(name, MicrovmBench.qemuCpuPerExec(200), "ms/op"));
    } catch (Exception e) {
      System.err.println("bench: the microVM CPU-time measurement failed: " + e);
    }
  }

  /**
   * Runs {@link MemoryProbe} in a fresh JVM (so nothing JMH did counts), with {@value MemoryProbe#SESSIONS}
   * sessions and with none (the reference); a probe that fails adds nothing and says why.
   */
  static void memory(Map<String, Figure> figures) {
    probeRss("MemoryProbe.rss100Sessions", MemoryProbe.SESSIONS, figures);
    probeRss("MemoryProbe.rssIdle", 0, figures);
  }

  private static void probeRss(String name, int sessions, Map<String, Figure> figures) {
    try {
      Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
      Process p = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
          "dev.hearth.bench.MemoryProbe", Integer.toString(sessions)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      p.waitFor();
      for (String line : out.lines().toList()) {
        if (line.startsWith("rss_mb=")) {
          figures.put(name, Figure.single(name, Double.parseDouble(line.substring(7)), "MB"));
          return;
        }
      }
      System.err.println("bench: the memory probe printed no rss_mb (exit " + p.exitValue() + "):\n" + out);
    } catch (IOException | RuntimeException e) {
      System.err.println("bench: the memory probe failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String fmt(double d) {
    if (!Double.isFinite(d)) return "n/a";
    if (Math.abs(d) >= 1000) return String.format(Locale.ROOT, "%,.0f", d);
    return String.format(Locale.ROOT, "%.3f", d);
  }
}
