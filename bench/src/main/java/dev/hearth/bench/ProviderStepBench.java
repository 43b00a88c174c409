package dev.hearth.bench;

import dev.hearth.engine.Conclusion;
import dev.hearth.engine.RunRequest;
import dev.hearth.engine.RunResult;
import dev.hearth.engine.SessionManager;
import dev.hearth.engine.WorkflowExecutor;
import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.VmSpec;
import dev.hearth.vm.gvisor.GvisorVmProvider;
import dev.hearth.vm.host.HostVmProvider;
import dev.hearth.vm.microvm.MicrovmVmProvider;
import dev.hearth.vm.sandbox.SandboxVmProvider;
import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.parse.WorkflowParser;
import dev.hearth.workflow.plan.Planner;
import dev.hearth.workflow.plan.RunPlan;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A step's cost on each provider, in one VM that stays up (its boot is {@code coldAllocate}'s row):
 * {@link #step} is a run of {@value #STEPS} steps {@code run: true} through the real executor and
 * step runner, per step (its setup and cleanup execs included); {@link #exec} is the VM's own exec
 * of {@code bash -c true}, the same command without Hearth's engine around it. Their difference is
 * the engine's overhead per step on that provider.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ProviderStepBench {
  static final int STEPS = 20;

  @Param({"host", "sandbox", "gvisor", "microvm"})
  public String provider;

  private LentVmProvider lent;
  private Vm vm;
  private WorkflowExecutor executor;
  private RunPlan plan;
  private ExecRequest bashTrue;
  private final AtomicLong runs = new AtomicLong();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    VmProvider real = create(provider);
    try {
      vm = real.allocate(VmSpec.of(List.of("ubuntu-latest"), Map.of("bench", "steps")));
    } catch (VmException | RuntimeException e) {
      real.close();
      throw e;
    }
    lent = new LentVmProvider(real, vm);
    executor = new WorkflowExecutor(new SessionManager(lent, 1, Clock.systemUTC()));
    StringBuilder yaml = new StringBuilder("on: push\njobs:\n  steps:\n    runs-on: ubuntu-latest\n    steps:\n");
    for (int i = 0; i < STEPS; i++) yaml.append("      - run: \"true\"\n");
    plan = Planner.plan(new WorkflowParser().parse("steps.yml", yaml.toString().getBytes(StandardCharsets.UTF_8)).orThrow(),
        Event.named("push"));
    bashTrue = new ExecRequest(List.of("bash", "-c", "true"), Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"),
        vm.workDir(), Duration.ofSeconds(60));
  }

  static VmProvider create(String name) throws VmException {
    return switch (name) {
      case "host" -> HostVmProvider.create();
      case "sandbox" -> SandboxVmProvider.create();
      case "gvisor" -> GvisorVmProvider.create();
      case "microvm" -> MicrovmVmProvider.create();
      default -> throw new IllegalArgumentException("no provider '" + name + "'; expected host, sandbox, gvisor or microvm");
    };
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (lent != null) lent.close();
  }

  /** Milliseconds per step of a {@value #STEPS}-step run in the live VM. */
  @Benchmark
  @OperationsPerInvocation(STEPS)
  public RunResult step() {
    RunResult result = executor.run(RunRequest.builder("steps-" + runs.incrementAndGet(), plan).build());
    if (result.result() != Conclusion.SUCCESS) throw new IllegalStateException("the benchmark run failed: " + result);
    return result;
  }

  /** Milliseconds per {@code bash -c true} exec'd in the live VM directly. */
  @Benchmark
  public int exec() throws Exception {
    int code = vm.exec(bashTrue, OutputSink.NONE).exitCode();
    if (code != 0) throw new IllegalStateException("bash -c true exited with " + code + " in " + provider);
    return code;
  }
}
