package dev.hearth.vm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hearth.testing.RecordingSink;
import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workflow can make a directory tree as deep as it likes; copying it out must neither kill the
 * guest agent (its walk once took 12 KiB of stack per level, so 1,500 levels overflowed 8 MiB) nor
 * send a silently truncated path (paths past PATH_MAX were cut to 4,095 bytes). The agent runs as the
 * sandbox's init here, as it does in production.
 */
@Timeout(120)
class DeepTreeCopyOutTest {
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin");

  @TempDir Path temp;
  private SandboxVmProvider provider;

  @BeforeAll
  static void needsBubblewrap() {
    assumeTrue(SandboxVmProvider.probe().works(), "sandbox provider cannot run here: " + SandboxVmProvider.probe().why());
  }

  @BeforeEach
  void open() throws Exception {
    provider = SandboxVmProvider.create(temp.resolve("sandboxes"), Duration.ofSeconds(1));
  }

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void aTree1500DirectoriesDeepIsCopiedOutWhole() throws Exception {
    try (Vm vm = allocate()) {
      assertThat(sh(vm, "d=deep; i=1; while [ $i -lt 1500 ]; do d=$d/a; i=$((i+1)); done; mkdir -p $d && echo leaf > $d/leaf")
          .exitCode()).isZero();
      Path target = temp.resolve("out");
      vm.copyOut(vm.workDir() + "/deep", target);
      Path leaf = target.resolve(String.join("/", java.util.Collections.nCopies(1499, "a"))).resolve("leaf");
      assertThat(leaf).hasContent("leaf");
      assertThat(sh(vm, "true").exitCode()).as("the agent still answers").isZero();
    }
  }

  @Test
  void aTreeDeeperThanPathMaxFailsItsCopyNamingThePathAndTheAgentLives() throws Exception {
    try (Vm vm = allocate()) {
      // 2,100 levels of "a/" from the work directory: past 4,096 bytes, made one relative step at a time
      assertThat(sh(vm, "mkdir deeper && cd deeper && i=0; while [ $i -lt 2100 ]; do mkdir a && cd a || exit 1; i=$((i+1)); done")
          .exitCode()).isZero();
      Path target = temp.resolve("out");
      assertThatThrownBy(() -> vm.copyOut(vm.workDir() + "/deeper", target))
          .isInstanceOf(VmException.class).hasMessageContaining("File name too long").hasMessageContaining("/a/a/a");
      try (Stream<Path> written = Files.walk(target)) {
        assertThat(written.mapToInt(p -> p.toString().length()).max().orElse(0))
            .as("no path on the host beyond what the guest could name").isLessThan(4096 + target.toString().length());
      }
      assertThat(sh(vm, "true").exitCode()).as("the agent still answers").isZero();
    }
  }

  private Vm allocate() throws Exception {
    return provider.allocate(new VmSpec(List.of("ubuntu-latest"), 0, 0, 0, VmSpec.NetworkPolicy.NONE, Map.of("test", "deep-tree")));
  }

  private static ExecResult sh(Vm vm, String script) throws Exception {
    RecordingSink sink = new RecordingSink();
    ExecResult result = vm.exec(new ExecRequest(List.of("sh", "-c", script), ENV, vm.workDir(), Duration.ofSeconds(60)), sink);
    if (result.exitCode() != 0) System.out.println("sh -c " + script + ": " + sink.stderr());
    return result;
  }
}
