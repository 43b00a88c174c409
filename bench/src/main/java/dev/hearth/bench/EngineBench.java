package dev.hearth.bench;

import dev.hearth.engine.AllocationScope;
import dev.hearth.engine.Cancellation;
import dev.hearth.engine.Conclusion;
import dev.hearth.engine.RunListener;
import dev.hearth.engine.RunRequest;
import dev.hearth.engine.RunResult;
import dev.hearth.engine.Session;
import dev.hearth.engine.SessionManager;
import dev.hearth.engine.SessionRequest;
import dev.hearth.engine.WorkflowExecutor;
import dev.hearth.testing.Behaviour;
import dev.hearth.testing.TestVmProvider;
import dev.hearth.vm.VmSpec;
import dev.hearth.vm.host.HostVmProvider;
import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.parse.WorkflowParser;
import dev.hearth.workflow.plan.Planner;
import dev.hearth.workflow.plan.RunPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * The engine's own costs.
 *
 * <ul>
 *   <li>{@link #hostStep}: one workflow run of {@value #STEPS} trivial steps ({@code run: true}) on
 *       the host provider, per step; {@link #rawBashStep} is the same command started directly as
 *       {@code bash -c true}. {@link BenchMain} prints their difference as {@code stepOverhead}
 *       (target: at most 5 ms a step above the raw process cost).
 *   <li>{@link #cpuPerStep}: the same two, measured in CPU time (this process and its children)
 *       rather than wall time, outside JMH; on a machine shared with other work the wall times
 *       grow with the load, CPU time much less so. {@link BenchMain} prints {@code stepCpuOverhead}.
 *   <li>{@link #sessionOpenClose}: admission, allocation and release of one session on a scripted
 *       {@link TestVmProvider}, i.e. the session manager's own cost (target: at least 5,000 a
 *       second).
 * </ul>
 */
@State(Scope.Benchmark)
public class EngineBench {
  static final int STEPS = 1_000;

  private HostVmProvider host;
  private WorkflowExecutor executor;
  private RunPlan plan;
  private Path checkout;
  private final AtomicLong runs = new AtomicLong();

  private TestVmProvider scripted;
  private SessionManager sessions;
  private SessionRequest sessionRequest;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    host = HostVmProvider.create();
    executor = new WorkflowExecutor(new SessionManager(host, 1, java.time.Clock.systemUTC()));
    plan = Planner.plan(new WorkflowParser().parse("steps.yml", workflow().getBytes(StandardCharsets.UTF_8)).orThrow(),
        Event.named("push"));
    checkout = Files.createTempDirectory("hearth-bench-checkout");
    scripted = TestVmProvider.scripted(Behaviour.succeed());
    sessions = new SessionManager(scripted, 1, java.time.Clock.systemUTC());
    sessionRequest = new SessionRequest("bench", VmSpec.of(List.of("ubuntu-latest"), Map.of()),
        AllocationScope.WORKFLOW, new Cancellation(), RunListener.NONE);
  }

  private static String workflow() {
    StringBuilder b = new StringBuilder("on: push\njobs:\n  steps:\n    runs-on: ubuntu-latest\n    steps:\n");
    for (int i = 0; i < STEPS; i++) b.append("      - run: true\n");
    return b.toString();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    host.close();
    scripted.close();
    Files.deleteIfExists(checkout);
  }

  /** Milliseconds per step of a {@value #STEPS}-step run on the host provider (setup and cleanup included). */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @OperationsPerInvocation(STEPS)
  public RunResult hostStep() {
    RunResult result = executor.run(RunRequest.builder("bench-" + runs.incrementAndGet(), plan).repository(checkout).build());
    if (result.result() != Conclusion.SUCCESS) throw new IllegalStateException("the benchmark run failed: " + result);
    return result;
  }

  /** Milliseconds per {@code bash -c true} started directly, {@value #STEPS} of them. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @OperationsPerInvocation(STEPS)
  public int rawBashStep() throws Exception {
    int sum = 0;
    for (int i = 0; i < STEPS; i++) {
      Process p = new ProcessBuilder("bash", "-c", "true").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      sum += p.waitFor();
    }
    return sum;
  }

  /** CPU milliseconds per step: {@code [hostStep, rawBashStep]}, each the mean of {@code runs} runs after one warm-up run. */
  static double[] cpuPerStep(int runs) throws Exception {
    EngineBench bench = new EngineBench();
    bench.setUp();
    try {
      bench.hostStep();
      bench.rawBashStep();
      double host = 0;
      double raw = 0;
      for (int i = 0; i < runs; i++) {
        double start = cpuMillis();
        bench.hostStep();
        double middle = cpuMillis();
        bench.rawBashStep();
        host += middle - start;
        raw += cpuMillis() - middle;
      }
      return new double[] {host / runs / STEPS, raw / runs / STEPS};
    } finally {
      bench.tearDown();
    }
  }

  /** User and system CPU time of this process and its reaped children, from /proc/self/stat. */
  private static double cpuMillis() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = 0;
    for (int i = 11; i <= 14; i++) ticks += Long.parseLong(f[i]); // utime stime cutime cstime
    return ticks * 1000.0 / 100; // USER_HZ is 100 on Linux
  }

  /** Sessions opened and closed per second on in-memory VMs. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public String sessionOpenClose() throws Exception {
    try (Session session = sessions.open(sessionRequest)) {
      return session.id();
    }
  }
}
