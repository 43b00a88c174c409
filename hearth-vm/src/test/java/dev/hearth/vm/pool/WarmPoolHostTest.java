package dev.hearth.vm.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.testing.RecordingSink;
import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmSpec;
import dev.hearth.vm.host.HostVmProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The warm pool over the real host provider. */
@Timeout(60)
class WarmPoolHostTest {
  static final VmSpec LINUX = VmSpec.of(List.of("ubuntu-latest"), Map.of("run", "r1"));
  @TempDir Path tmp;

  @Test
  void warmVmRunsCommandsAndEachRunGetsAFreshOne() throws Exception {
    Path root = tmp.resolve("vms");
    try (WarmPool pool = WarmPool.start(HostVmProvider.create(root), PoolSettings.of(1, LINUX), Clock.systemUTC())) {
      assertThat(pool.awaitStats(s -> s.idle() == 1, Duration.ofSeconds(30))).isTrue();
      String firstWorkDir;
      try (Vm vm = pool.allocate(LINUX)) {
        firstWorkDir = vm.workDir();
        RecordingSink sink = new RecordingSink();
        vm.exec(new ExecRequest(List.of("sh", "-c", "echo left-behind > f; pwd"), Map.of("PATH", "/usr/bin:/bin"),
            vm.workDir(), Duration.ofSeconds(10)), sink);
        assertThat(sink.stdout()).containsExactly(vm.workDir());
        assertThat(pool.stats().warm()).isEqualTo(1);
      }
      assertThat(Path.of(firstWorkDir)).doesNotExist();
      assertThat(pool.awaitStats(s -> s.idle() == 1, Duration.ofSeconds(30))).isTrue();
      try (Vm vm = pool.allocate(LINUX)) {
        assertThat(vm.workDir()).isNotEqualTo(firstWorkDir);
        assertThat(Path.of(vm.workDir(), "f")).doesNotExist();
      }
    }
    try (Stream<Path> left = Files.list(root)) {
      assertThat(left).as("work directories left after the pool closed").isEmpty();
    }
  }
}
