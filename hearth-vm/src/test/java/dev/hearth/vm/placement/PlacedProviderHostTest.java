package dev.hearth.vm.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.testing.RecordingSink;
import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmSpec;
import dev.hearth.vm.host.HostVmProvider;
import dev.hearth.vm.pool.PoolSettings;
import dev.hearth.vm.pool.WarmPool;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Placement over real host providers, one of them behind a warm pool. */
@Timeout(60)
class PlacedProviderHostTest {
  static final VmSpec LINUX = VmSpec.of(List.of("ubuntu-latest"), Map.of("run", "r1"));
  @TempDir Path tmp;

  @Test
  void roundRobinSpreadsRunsOverAPoolAndAPlainProvider() throws Exception {
    WarmPool pooled = WarmPool.start(HostVmProvider.create(tmp.resolve("a")), PoolSettings.of(1, LINUX), Clock.systemUTC());
    HostVmProvider plain = HostVmProvider.create(tmp.resolve("b"));
    try (PlacedProvider fleet = new PlacedProvider("fleet", Placement.ROUND_ROBIN,
        List.of(Member.of("pooled", pooled), Member.of("plain", plain)))) {
      assertThat(pooled.awaitStats(s -> s.idle() == 1, Duration.ofSeconds(30))).isTrue();
      try (Vm first = fleet.allocate(LINUX); Vm second = fleet.allocate(LINUX)) {
        assertThat(first.workDir()).startsWith(tmp.resolve("a").toString());
        assertThat(second.workDir()).startsWith(tmp.resolve("b").toString());
        for (Vm vm : List.of(first, second)) {
          RecordingSink sink = new RecordingSink();
          vm.exec(new ExecRequest(List.of("pwd"), Map.of("PATH", "/usr/bin:/bin"), vm.workDir(), Duration.ofSeconds(10)), sink);
          assertThat(sink.stdout()).containsExactly(vm.workDir());
        }
        assertThat(pooled.stats().warm()).isEqualTo(1);
      }
      assertThat(fleet.load()).extracting(MemberLoad::live).containsExactly(0, 0);
    }
    assertThat(plain.liveVmIds()).isEmpty();
  }
}
