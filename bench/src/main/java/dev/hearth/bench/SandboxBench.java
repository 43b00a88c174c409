package dev.hearth.bench;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmSpec;
import dev.hearth.vm.pool.PoolSettings;
import dev.hearth.vm.pool.WarmPool;
import dev.hearth.vm.sandbox.SandboxVmProvider;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
 *   <li>{@link #coldAllocateToFirstCommand} (network none) and {@link #coldAllocateOutbound}
 *       (slirp4netns): from {@code allocate} until a first {@code true} has run in the new VM (release
 *       not counted); target at most 20 ms. {@link #bareBwrapTrue}: one {@code bwrap} with the same
 *       namespaces running {@code true}, the floor of any bubblewrap sandbox.
 *   <li>{@link #warmAllocate}: a VM from a full {@link WarmPool} of sandboxes; target at most 5 ms.
 *   <li>{@link #execRoundTrip}: one {@code true} in a live VM; target at most 2 ms.
 *       {@link #bareSpawnTrue}: this JVM starting {@code /usr/bin/true} on the host and waiting for
 *       it, the floor of any command (a fork and an exec).
 * </ul>
 *
 * <p>{@link #main} prints the same figures without JMH: medians and 90th percentiles of wall time, and
 * the CPU time (this JVM and its reaped children) per operation, which a loaded machine disturbs less.
 */
@State(Scope.Thread)
public class SandboxBench {
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin");
  private static final List<String> BARE_BWRAP = List.of("bwrap", "--unshare-user", "--unshare-pid", "--unshare-net",
      "--unshare-ipc", "--unshare-uts", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
      "--symlink", "usr/lib64", "/lib64", "--proc", "/proc", "--dev", "/dev", "--", "/usr/bin/true");

  private SandboxVmProvider provider;
  private WarmPool pool;
  private Vm warm;
  private Vm cold;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    provider = SandboxVmProvider.create(Files.createTempDirectory("hearth-bench-sandbox").resolve("vms"), Duration.ofSeconds(1));
    warm = provider.allocate(spec(VmSpec.NetworkPolicy.NONE));
    pool = WarmPool.start(provider, PoolSettings.of(2, spec(VmSpec.NetworkPolicy.NONE)), Clock.systemUTC());
    awaitFullPool();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.close();
    provider.close();
  }

  /** Releases the VM just allocated (cold or from the pool) and refills the pool, outside the measurement. */
  @TearDown(Level.Invocation)
  public void releaseCold() throws InterruptedException {
    if (cold != null) cold.close();
    cold = null;
    awaitFullPool();
  }

  private void awaitFullPool() throws InterruptedException {
    if (!pool.awaitStats(s -> s.idle() == s.target(), Duration.ofMinutes(1))) {
      throw new IllegalStateException("the sandbox pool did not refill within a minute: " + pool.stats());
    }
  }

  private static VmSpec spec(VmSpec.NetworkPolicy network) {
    return new VmSpec(List.of("ubuntu-latest"), 0, 0, 0, network, Map.of("bench", "sandbox"));
  }

  private static int runTrue(Vm vm) throws Exception {
    int code = vm.exec(new ExecRequest(List.of("true"), ENV, vm.workDir(), Duration.ofSeconds(60)), OutputSink.NONE).exitCode();
    if (code != 0) throw new IllegalStateException("true failed with " + code + " in " + vm.id());
    return code;
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

  /** Milliseconds for a VM from a full warm pool of sandboxes (network none). */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Vm warmAllocate() throws Exception {
    cold = pool.allocate(spec(VmSpec.NetworkPolicy.NONE));
    return cold;
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
    return run(BARE_BWRAP);
  }

  /** Milliseconds for this JVM to start {@code /usr/bin/true} on the host and wait for it. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int bareSpawnTrue() throws Exception {
    return run(List.of("/usr/bin/true"));
  }

  private static int run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    int code = p.waitFor();
    if (code != 0) throw new IllegalStateException(command.get(0) + " failed with " + code);
    return code;
  }

  /** An operation of the table {@link #main} prints. */
  private interface Op {
    void run() throws Exception;
  }

  /**
   * For a look without JMH: {@code rounds} (default 30) of each figure, interleaved so load changes
   * hit all alike; prints median and 90th percentile wall milliseconds, and mean CPU milliseconds per op
   * (with its release: clock ticks are 10 ms, so only the mean over many rounds means something).
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    SandboxBench bench = new SandboxBench();
    bench.setUp();
    Map<String, Op> ops = new LinkedHashMap<>();
    ops.put("coldAllocateToFirstCommand", bench::coldAllocateToFirstCommand);
    ops.put("coldAllocateOutbound", bench::coldAllocateOutbound);
    ops.put("warmAllocate", bench::warmAllocate);
    ops.put("execRoundTrip", bench::execRoundTrip);
    ops.put("bareBwrapTrue", bench::bareBwrapTrue);
    ops.put("bareSpawnTrue", bench::bareSpawnTrue);
    Map<String, List<Double>> wall = new LinkedHashMap<>();
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    try {
      for (int i = 0; i < rounds + 3; i++) {
        for (Map.Entry<String, Op> op : ops.entrySet()) {
          double cpu0 = cpuMillis();
          long t0 = System.nanoTime();
          op.getValue().run();
          long t1 = System.nanoTime();
          bench.releaseCold();
          double cpu1 = cpuMillis(); // CPU of release included: the sandbox's processes are reaped only then
          if (i < 3) continue; // warm-up
          wall.computeIfAbsent(op.getKey(), k -> new ArrayList<>()).add((t1 - t0) / 1e6);
          cpu.computeIfAbsent(op.getKey(), k -> new ArrayList<>()).add(cpu1 - cpu0);
        }
      }
    } finally {
      bench.tearDown();
    }
    System.out.printf("%-28s %9s %9s %12s   (%d rounds; load average %.1f)%n", "figure", "median ms", "p90 ms", "cpu ms/op",
        rounds, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    for (String name : ops.keySet()) {
      System.out.printf("%-28s %9.2f %9.2f %12.2f%n", name, percentile(wall.get(name), 50), percentile(wall.get(name), 90),
          cpu.get(name).stream().mapToDouble(Double::doubleValue).sum() / rounds);
    }
  }

  private static double percentile(List<Double> values, int p) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  /** CPU milliseconds of this JVM and of its children it has reaped (utime, stime, cutime, cstime). */
  private static double cpuMillis() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    return ticks * 10.0; // USER_HZ is 100 on Linux
  }
}
