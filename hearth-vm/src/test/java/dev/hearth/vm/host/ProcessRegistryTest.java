package dev.hearth.vm.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ProcessRegistryTest {
  private final ProcessTrees trees = ProcessTrees.detect();
  private final ProcessRegistry registry = new ProcessRegistry(trees);

  private HostVm vm(String id) {
    return new HostVm(id, Path.of("/nonexistent", id), trees, registry, Duration.ofSeconds(1), null);
  }

  @Test
  void aReusedGroupIdChangesHandsToTheVmThatStartedTheNewTree() throws Exception {
    HostVm first = vm("host-1");
    HostVm second = vm("host-2");
    Process sleeper = new ProcessBuilder(trees.wrap(java.util.List.of("sleep", "300"))).start();
    try {
      registry.started(first, sleeper.toHandle());
      assertThat(registry.treesOf(first)).containsExactly(sleeper.toHandle());
      registry.started(second, sleeper.toHandle()); // as if the id had been reused by host-2
      assertThat(registry.treesOf(first)).isEmpty();
      assertThat(registry.treesOf(second)).containsExactly(sleeper.toHandle());
    } finally {
      sleeper.destroyForcibly().waitFor();
    }
  }

  @Test
  void forgetsTreesWhoseProcessesAreAllGone() throws Exception {
    HostVm owner = vm("host-1");
    Process done = new ProcessBuilder(trees.wrap(java.util.List.of("true"))).start();
    done.waitFor();
    registry.started(owner, done.toHandle());
    assertThat(registry.treesOf(owner)).isEmpty();
    assertThat(registry.hasLiveTrees(owner)).isFalse();
  }
}
