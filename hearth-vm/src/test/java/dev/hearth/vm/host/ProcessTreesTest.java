package dev.hearth.vm.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ProcessTreesTest {
  private final ProcessTrees trees = ProcessTrees.detect();

  /**
   * The window of the rare host soak leak: a release while a command's {@code setsid} has not run
   * yet (the leader still in Hearth's own group, as after {@code awaitOwnGroup} gave up on a loaded
   * host) found no group to kill, and the command then ran on outside its VM.
   */
  @Test
  void aLeaderThatDoesNotLeadItsOwnGroupYetIsKilledDirectly() throws Exception {
    Assumptions.assumeTrue(trees.usesProcessGroups(), "setsid and kill are not installed: trees are killed through descendants");
    Process notYetGrouped = new ProcessBuilder("sleep", "300").start(); // not wrapped: stays in this JVM's group
    try {
      trees.terminate("host-test", List.of(notYetGrouped.toHandle()), Duration.ofMillis(200));
      assertThat(notYetGrouped.waitFor(10, TimeUnit.SECONDS)).as("the leader was killed").isTrue();
      assertThat(ProcessHandle.current().isAlive()).as("only the leader, not its group (this JVM's), was killed").isTrue();
    } finally {
      notYetGrouped.destroyForcibly();
    }
  }

  @Test
  void aWholeTreeIsKilledThroughItsGroup() throws Exception {
    Assumptions.assumeTrue(trees.usesProcessGroups(), "setsid and kill are not installed: trees are killed through descendants");
    Process leader = new ProcessBuilder(trees.wrap(List.of("sh", "-c", "sleep 300 & echo started; wait"))).start();
    try {
      trees.awaitOwnGroup(leader);
      assertThat(new String(leader.getInputStream().readNBytes(8))).isEqualTo("started\n");
      List<ProcessHandle> children = leader.toHandle().descendants().toList();
      assertThat(children).isNotEmpty();
      trees.terminate("host-test", List.of(leader.toHandle()), Duration.ofMillis(200));
      assertThat(leader.waitFor(10, TimeUnit.SECONDS)).isTrue();
      for (ProcessHandle child : children) assertThat(child.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    } finally {
      leader.destroyForcibly();
    }
  }
}
