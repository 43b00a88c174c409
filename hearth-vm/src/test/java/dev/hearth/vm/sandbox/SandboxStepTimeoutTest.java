package dev.hearth.vm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hearth.testing.RecordingSink;
import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command's timeout (or cancel) ends its whole process tree, as GitHub's runner does, also the
 * processes that left its process group with {@code setsid} and ignore SIGTERM; background processes
 * of earlier commands live on.
 */
@Timeout(120)
class SandboxStepTimeoutTest {
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin");
  /**
   * Starts a process in its own session that ignores SIGTERM and holds no pipe of the command, prints
   * its PID, and returns once it is ready.
   */
  static final String STUBBORN_IN_OWN_SESSION = "setsid sh -c 'trap \"\" TERM; touch /tmp/ready; while :; do sleep 1; done'"
      + " </dev/null >/dev/null 2>&1 & echo $!; while [ ! -e /tmp/ready ]; do sleep 0.05; done; rm /tmp/ready";
  /** Exits 0 once {@code $P} is gone (killed and reaped), 1 if it still runs 10 s later. */
  static final String GONE = "for i in $(seq 100); do kill -0 $P 2>/dev/null || exit 0; sleep 0.1; done; exit 1";

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

  private static ExecResult sh(Vm vm, String script, Duration timeout, RecordingSink sink) throws Exception {
    return vm.exec(new ExecRequest(List.of("sh", "-c", script), ENV, vm.workDir(), timeout), sink);
  }

  @Test
  void aTimeoutKillsAChildThatMovedToItsOwnSessionAndIgnoresSigterm() throws Exception {
    try (Vm vm = provider.allocate(new VmSpec(List.of("ubuntu-latest"), 0, 0, 0, VmSpec.NetworkPolicy.NONE, Map.of()))) {
      RecordingSink step = new RecordingSink();
      ExecResult result = sh(vm, STUBBORN_IN_OWN_SESSION + "; sleep 300", Duration.ofSeconds(1), step);
      assertThat(result.timedOut()).isTrue();
      String pid = step.stdout().get(0);
      RecordingSink check = new RecordingSink();
      assertThat(sh(vm, "P=" + pid + "; " + GONE, Duration.ofSeconds(60), check).exitCode())
          .as("the step's child in its own session (pid %s) after the step timed out", pid).isZero();
    }
  }

  @Test
  void aBackgroundProcessOfAnEarlierStepOutlivesALaterStepsTimeout() throws Exception {
    try (Vm vm = provider.allocate(new VmSpec(List.of("ubuntu-latest"), 0, 0, 0, VmSpec.NetworkPolicy.NONE, Map.of()))) {
      RecordingSink earlier = new RecordingSink();
      assertThat(sh(vm, STUBBORN_IN_OWN_SESSION, Duration.ofSeconds(60), earlier).exitCode()).isZero();
      String pid = earlier.stdout().get(0);
      assertThat(sh(vm, "sleep 300", Duration.ofSeconds(1), new RecordingSink()).timedOut()).isTrue();
      assertThat(sh(vm, "kill -0 " + pid, Duration.ofSeconds(60), new RecordingSink()).exitCode())
          .as("the earlier step's background process (pid %s)", pid).isZero();
    }
  }
}
