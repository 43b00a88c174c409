package dev.hearth.bench;

import dev.hearth.engine.Conclusion;
import dev.hearth.engine.RunRequest;
import dev.hearth.engine.RunResult;
import dev.hearth.engine.SessionManager;
import dev.hearth.engine.WorkflowExecutor;
import dev.hearth.testing.Behaviour;
import dev.hearth.testing.TestVmProvider;
import dev.hearth.vm.ExecResult;
import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.parse.WorkflowParser;
import dev.hearth.workflow.plan.Planner;
import dev.hearth.workflow.plan.RunPlan;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The control plane's throughput: whole workflow runs (admission, one VM, setup, a job of three
 * steps through the real step runner with its file-command reads, cleanup, release, every event) per
 * second, {@value #MAX_SESSIONS} at a time, on a scripted {@link TestVmProvider} whose commands cost
 * nothing. Target: at least 2,000 runs a second on 2 cores.
 *
 * <p>The scripted commands answer as the step launcher does in a real VM ({@link #LAUNCHER}): its
 * last stderr line names the file-command files the step wrote, here none. Without that line the
 * engine must assume a killed step and copy all five files out, which a real VM never asks of it
 * for a step that ran to its end.
 */
@State(Scope.Benchmark)
public class ControlPlaneBench {
  static final int MAX_SESSIONS = 8;
  static final int BATCH = 256;

  /** The file-command marker the step launcher prints last on stderr: {@code ::hearth-file-commands-ID::}. */
  private static final String WRITTEN_MARKER = "::hearth-file-commands-";

  /**
   * Succeeds at once; for a step's launcher ({@code sh -c LAUNCHER …}) it first reports, as the real
   * launcher would, that the step wrote no file commands.
   */
  static final Behaviour LAUNCHER = (vm, request, output) -> {
    List<String> argv = request.argv();
    if (argv.size() > 2 && argv.get(0).equals("sh")) {
      String script = argv.get(2);
      int start = script.indexOf(WRITTEN_MARKER);
      int end = start < 0 ? -1 : script.indexOf("::$w", start + WRITTEN_MARKER.length());
      if (end > 0) output.stderr(script.substring(start, end + 2));
    }
    return new ExecResult(0, false, Duration.ZERO);
  };

  private TestVmProvider provider;
  private WorkflowExecutor executor;
  private RunPlan plan;
  private ExecutorService threads;
  private final AtomicLong runs = new AtomicLong();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    provider = TestVmProvider.scripted(LAUNCHER);
    executor = new WorkflowExecutor(new SessionManager(provider, MAX_SESSIONS, Clock.systemUTC()));
    String yaml = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        + "      - run: echo one\n      - run: echo two\n      - run: echo three\n";
    plan = Planner.plan(new WorkflowParser().parse("ci.yml", yaml.getBytes(StandardCharsets.UTF_8)).orThrow(),
        Event.named("push"));
    threads = Executors.newFixedThreadPool(MAX_SESSIONS * 2);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    threads.shutdownNow();
    provider.close();
  }

  /** Workflow runs finished per second, {@value #BATCH} submitted at a time. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public int runs() throws Exception {
    List<Future<RunResult>> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      RunRequest request = RunRequest.builder("bench-" + runs.incrementAndGet(), plan).build();
      batch.add(threads.submit(() -> executor.run(request)));
    }
    int ok = 0;
    for (Future<RunResult> f : batch) {
      RunResult r = f.get();
      if (r.result() != Conclusion.SUCCESS) throw new IllegalStateException("a benchmark run failed: " + r);
      ok++;
    }
    return ok;
  }

  /**
   * Whole runs per second of this process's CPU time (every thread), measured outside JMH: after a
   * warm-up as long as one window, {@code windows} windows of about {@code window} each.
   */
  static double[] runsPerCpuSecond(int windows, Duration window) throws Exception {
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    ControlPlaneBench bench = new ControlPlaneBench();
    bench.setUp();
    try {
      long warm = System.nanoTime() + window.toNanos();
      while (System.nanoTime() < warm) bench.runs();
      double[] out = new double[windows];
      for (int i = 0; i < windows; i++) {
        long cpu = os.getProcessCpuTime();
        long end = System.nanoTime() + window.toNanos();
        long runs = 0;
        while (System.nanoTime() < end) runs += bench.runs();
        out[i] = runs / ((os.getProcessCpuTime() - cpu) / 1e9);
      }
      return out;
    } finally {
      bench.tearDown();
    }
  }

  /** For a look without JMH: prints runs per second and per CPU-second over five windows of three seconds. */
  public static void main(String[] args) throws Exception {
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    ControlPlaneBench bench = new ControlPlaneBench();
    bench.setUp();
    try {
      for (int i = 0; i < 6; i++) {
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        long runs = 0;
        while (System.nanoTime() - start < 3_000_000_000L) runs += bench.runs();
        double wall = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "%s runs/s %.0f  runs/cpu-s %.0f  cores used %.2f%n",
            i == 0 ? "warm-up" : "window ", runs / wall, runs / cpuSeconds, cpuSeconds / wall);
      }
    } finally {
      bench.tearDown();
    }
  }
}
