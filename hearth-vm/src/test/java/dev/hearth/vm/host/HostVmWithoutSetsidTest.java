package dev.hearth.vm.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.testing.RecordingSink;
import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fallback for hosts without setsid: a tree is killed through the leader's descendants, which
 * reaches children whose parent is still alive (orphans escape; the provider's Javadoc says so).
 */
@Timeout(120)
class HostVmWithoutSetsidTest {
  @TempDir Path temp;

  @Test
  void timeoutKillsTheCommandAndItsLiveChildren() throws Exception {
    try (HostVmProvider provider = HostVmProvider.withoutProcessGroups(temp, Duration.ofSeconds(2));
        Vm vm = provider.allocate(VmSpec.of(List.of(), Map.of()))) {
      String script = "sleep 300 & echo $! > pids; sleep 300 & echo $! >> pids; echo $$ >> pids; wait";
      ExecResult result = vm.exec(new ExecRequest(List.of("sh", "-c", script), Map.of("PATH", "/usr/bin:/bin"),
          vm.workDir(), Duration.ofSeconds(2)), new RecordingSink());
      assertThat(result.timedOut()).isTrue();
      List<Long> pids = Files.readAllLines(Path.of(vm.workDir(), "pids")).stream().map(Long::parseLong).toList();
      assertThat(pids).hasSize(3);
      for (long pid : pids) {
        ProcessHandle.of(pid).ifPresent(p -> assertThat(p.onExit()).succeedsWithin(Duration.ofSeconds(30)));
      }
    }
  }
}
