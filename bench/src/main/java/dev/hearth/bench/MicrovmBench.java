package dev.hearth.bench;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmSpec;
import dev.hearth.vm.microvm.BenchProbe;
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
 * The microvm provider's costs, beside QEMU's own in the same run.
 *
 * <ul>
 *   <li>{@link #coldAllocate}: {@code allocate} to the first command's exit (target ≤ 300 ms where KVM
 *       works; the accelerator used is printed at setup and in the row name's note).
 *   <li>{@link #bareQemuBoot}: QEMU booting the same kernel and initramfs with busybox as init, which
 *       reboots at once (QEMU exits): the floor under {@link #coldAllocate}.
 *   <li>{@link #execRoundTrip}: {@code exec} of {@code /bin/true} (coreutils, dynamically linked) as an
 *       argv, so the agent starts it directly, no shell (target ≤ 10 ms under TCG);
 *       {@link #pingRoundTrip}: a PING/PONG on the agent channel, the protocol's own cost.
 *   <li>{@link #qemuCpuPerExec}: the same exec in QEMU's CPU time (not a JMH benchmark; {@link BenchMain}
 *       adds it as {@code MicrovmBench.execRoundTripQemuCpu}): what the guest spends, whatever the load.
 * </ul>
 */
@State(Scope.Benchmark)
public class MicrovmBench {
  private BenchProbe probe;
  private Vm vm;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    probe = BenchProbe.open(Files.createTempDirectory("hearth-bench-microvm"));
    System.out.println("microvm accelerator: " + probe.acceleratorVerdict());
    vm = probe.provider().allocate(spec());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (vm != null) vm.close();
    probe.close();
  }

  private static VmSpec spec() {
    return new VmSpec(List.of("ubuntu-latest"), 1, 512, 0, VmSpec.NetworkPolicy.NONE, Map.of("bench", "microvm"));
  }

  private static ExecRequest trueRequest(Vm vm) {
    return new ExecRequest(List.of("/bin/true"), Map.of(), vm.workDir(), Duration.ofSeconds(60));
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int coldAllocate() throws Exception {
    try (Vm fresh = probe.provider().allocate(spec())) {
      return fresh.exec(trueRequest(fresh), OutputSink.NONE).exitCode();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int bareQemuBoot() throws Exception {
    return probe.bareBoot();
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int execRoundTrip() throws Exception {
    return vm.exec(trueRequest(vm), OutputSink.NONE).exitCode();
  }

  /** QEMU CPU milliseconds per {@code exec} of {@code /bin/true}, the mean over {@code execs} after 10 warm-up execs. */
  static double qemuCpuPerExec(int execs) throws Exception {
    MicrovmBench bench = new MicrovmBench();
    bench.setUp();
    try {
      for (int i = 0; i < 10; i++) bench.execRoundTrip();
      double start = bench.probe.qemuCpuMillis(bench.vm);
      for (int i = 0; i < execs; i++) bench.execRoundTrip();
      return (bench.probe.qemuCpuMillis(bench.vm) - start) / execs;
    } finally {
      bench.tearDown();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public boolean pingRoundTrip() throws Exception {
    return probe.ping(vm);
  }

}
