package dev.hearth.bench;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmSpec;
import dev.hearth.vm.gvisor.GvisorVmProvider;
import java.io.File;
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
 * The gvisor provider's costs, each beside runsc's own in the same run.
 *
 * <ul>
 *   <li>{@link #coldAllocateNone} / {@link #coldAllocateOutbound}: a fresh sandbox (bundle, {@code
 *       runsc create} + {@code start}, and for OUTBOUND slirp4netns) until its first command ({@code
 *       true}) returned. Release happens outside the measurement. Target: at most 300 ms (NONE).
 *   <li>{@link #execRoundTrip}: {@code true} in a live sandbox through {@code runsc exec}.
 *   <li>{@link #bareRunscDoTrue}: {@code runsc --platform=ptrace --network=none do true}, runsc's
 *       own start-run-exit, for comparison.
 * </ul>
 *
 * Needs runsc and root; without them the setup fails with the provider's message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GvisorBench {
  private GvisorVmProvider provider;
  private Vm warm;
  private Vm cold;
  private Path bareRoot;
  private ExecRequest trueRequest;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    provider = GvisorVmProvider.create(Files.createTempDirectory("hearth-gvisor-bench"), Duration.ofSeconds(2));
    warm = provider.allocate(spec(VmSpec.NetworkPolicy.NONE));
    trueRequest = new ExecRequest(List.of("true"), Map.of("PATH", "/usr/bin:/bin"), warm.workDir(), Duration.ofSeconds(60));
    bareRoot = Files.createTempDirectory("hearth-gvisor-bare");
  }

  private static VmSpec spec(VmSpec.NetworkPolicy network) {
    return new VmSpec(List.of("ubuntu-latest"), 0, 0, 0, network, Map.of("bench", "gvisor"));
  }

  @TearDown(Level.Invocation)
  public void releaseCold() {
    if (cold != null) cold.close();
    cold = null;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    provider.close();
    new ProcessBuilder("rm", "-rf", "--", bareRoot.toString(), provider.stateRoot().toString()).start().waitFor();
  }

  @Benchmark
  public int coldAllocateNone() throws Exception {
    cold = provider.allocate(spec(VmSpec.NetworkPolicy.NONE));
    return cold.exec(trueRequest, OutputSink.NONE).exitCode();
  }

  @Benchmark
  public int coldAllocateOutbound() throws Exception {
    cold = provider.allocate(spec(VmSpec.NetworkPolicy.OUTBOUND));
    return cold.exec(trueRequest, OutputSink.NONE).exitCode();
  }

  @Benchmark
  public int execRoundTrip() throws Exception {
    return warm.exec(trueRequest, OutputSink.NONE).exitCode();
  }

  @Benchmark
  public int bareRunscDoTrue() throws Exception {
    return new ProcessBuilder("runsc", "--root", bareRoot.toString(), "--platform=ptrace", "--network=none", "do", "true")
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start().waitFor();
  }
}
