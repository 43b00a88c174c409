package dev.hearth.bench;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmSpec;
import dev.hearth.vm.sandbox.SandboxVmProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The sandbox provider's costs, each beside the bare tool's in the same run.
 *
 * <ul>
 *   <li>{@link #coldAllocateToFirstCommand} (network none) and {@link #coldAllocateOutbound}: from
 *       {@code allocate} until a first {@code true} has run in the new VM (release not counted);
 *       target at most 20 ms. {@link #bareBwrapTrue}: one {@code bwrap} with the same namespaces
 *       running {@code true}, the floor.
 *   <li>{@link #execRoundTrip}: one {@code true} in a live VM; target at most 2 ms.
 *       {@link #bareNsenterTrue}: {@code nsenter} into the same sandbox running {@code true}.
 * </ul>
 */
@State(Scope.Thread)
public class SandboxBench {
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin");

  private SandboxVmProvider provider;
  private Vm warm;
  private Vm cold;
  private long warmPid;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    provider = SandboxVmProvider.create(Files.createTempDirectory("hearth-bench-sandbox").resolve("vms"), Duration.ofSeconds(1));
    warm = provider.allocate(spec(VmSpec.NetworkPolicy.NONE));
    warmPid = ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").endsWith("bwrap"))
        .flatMap(ProcessHandle::children).findFirst().orElseThrow().pid();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    provider.close();
  }

  @TearDown(Level.Invocation)
  public void releaseCold() {
    if (cold != null) cold.close();
    cold = null;
  }

  private static VmSpec spec(VmSpec.NetworkPolicy network) {
    return new VmSpec(List.of("ubuntu-latest"), 0, 0, 0, network, Map.of("bench", "sandbox"));
  }

  private static int runTrue(Vm vm) throws Exception {
    return vm.exec(new ExecRequest(List.of("true"), ENV, vm.workDir(), Duration.ofSeconds(60)), OutputSink.NONE).exitCode();
  }

  /** Milliseconds from allocate (network none) to a first command run. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int coldAllocateToFirstCommand() throws Exception {
    cold = provider.allocate(spec(VmSpec.NetworkPolicy.NONE));
    return runTrue(cold);
  }

  /** Milliseconds from allocate (network outbound, slirp4netns) to a first command run. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int coldAllocateOutbound() throws Exception {
    cold = provider.allocate(spec(VmSpec.NetworkPolicy.OUTBOUND));
    return runTrue(cold);
  }

  /** Milliseconds for one {@code true} in a live sandbox. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int execRoundTrip() throws Exception {
    return runTrue(warm);
  }

  /** Milliseconds for a bare {@code bwrap} with the sandbox's namespaces running {@code true}. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int bareBwrapTrue() throws Exception {
    return run(List.of("bwrap", "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
        "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
        "--symlink", "usr/lib64", "/lib64", "--proc", "/proc", "--dev", "/dev", "--", "/usr/bin/true"));
  }

  /** Milliseconds for a bare {@code nsenter} into the live sandbox running {@code true}. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int bareNsenterTrue() throws Exception {
    return run(List.of("nsenter", "--target", Long.toString(warmPid), "--user", "--mount", "--pid", "--ipc", "--uts",
        "--net", "--setuid", "1001", "--setgid", "1001", "--root", "--wd", "/usr/bin/true"));
  }

  private static int run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    int code = p.waitFor();
    if (code != 0) throw new IllegalStateException(command.get(0) + " failed with " + code);
    return code;
  }

  /** For a look without JMH: prints one timing of each. */
  public static void main(String[] args) throws Exception {
    SandboxBench bench = new SandboxBench();
    bench.setUp();
    try {
      for (int i = 0; i < 20; i++) {
        long t0 = System.nanoTime();
        bench.coldAllocateToFirstCommand();
        long t1 = System.nanoTime();
        bench.releaseCold();
        long t2 = System.nanoTime();
        bench.execRoundTrip();
        long t3 = System.nanoTime();
        bench.bareBwrapTrue();
        long t4 = System.nanoTime();
        System.out.printf("cold %.1f ms  release %.1f ms  exec %.2f ms  bare bwrap %.1f ms%n",
            (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
      }
    } finally {
      bench.tearDown();
    }
  }
}
