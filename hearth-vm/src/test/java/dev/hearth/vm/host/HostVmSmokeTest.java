package dev.hearth.vm.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostVmSmokeTest {
  @TempDir Path root;

  @Test
  void runsACommandAndReleases() throws Exception {
    try (HostVmProvider provider = HostVmProvider.create(root)) {
      Vm vm = provider.allocate(VmSpec.of(List.of("ubuntu-latest"), Map.of()));
      List<String> out = new ArrayList<>();
      ExecResult r = vm.exec(new ExecRequest(List.of("sh", "-c", "echo hi; exit 3"), Map.of("PATH", "/usr/bin:/bin"), vm.workDir(), Duration.ofSeconds(30)),
          new OutputSink() {
            public void stdout(String line) { out.add(line); }
            public void stderr(String line) {}
          });
      assertThat(r.exitCode()).isEqualTo(3);
      assertThat(out).containsExactly("hi");
      vm.close();
      assertThat(Files.exists(Path.of(vm.workDir()))).isFalse();
    }
  }
}
