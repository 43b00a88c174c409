package dev.hearth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.testing.TestVmProvider;
import dev.hearth.vm.ExecRequest;
import dev.hearth.workflow.plan.RunPlan;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * An engine on a scripted {@link TestVmProvider} running a {@link FakeShell}, manual timers and a
 * recording listener; {@link #assertClean()} checks what every test must end with.
 */
final class EngineFixture {
  final FakeShell shell = new FakeShell();
  final TestVmProvider provider = TestVmProvider.scripted(shell);
  final ManualTimers timers = new ManualTimers();
  final RecordingListener events = new RecordingListener();
  final SessionManager sessions;
  final WorkflowExecutor executor;

  EngineFixture(int maxSessions) {
    this(maxSessions, (LegRunner) null);
  }

  /** {@code runner} null: the one-exec-per-step fake. */
  EngineFixture(int maxSessions, LegRunner runner) {
    this(maxSessions, clock -> runner != null ? runner : new OneExecPerStep(clock));
  }

  /** The runner made from the fixture's manual clock. */
  EngineFixture(int maxSessions, java.util.function.Function<java.time.Clock, LegRunner> runner) {
    sessions = new SessionManager(provider, maxSessions, timers.clock());
    executor = new WorkflowExecutor(sessions, timers, runner.apply(timers.clock()));
  }

  RunRequest.Builder request(String runId, RunPlan plan) {
    return RunRequest.builder(runId, plan).listener(events);
  }

  RunResult run(String runId, RunPlan plan) {
    return executor.run(request(runId, plan).build());
  }

  List<ExecRequest> execs(String vmId) {
    return provider.execs(vmId);
  }

  static boolean isSetup(ExecRequest r) {
    return r.argv().contains("hearth-setup");
  }

  static boolean isCleanup(ExecRequest r) {
    return r.argv().contains("hearth-cleanup");
  }

  /** Setup first, cleanup last, exactly once each, on every VM used. */
  void assertSetupAndCleanupBracket(String vmId) {
    List<ExecRequest> execs = execs(vmId);
    assertThat(execs).as("execs on " + vmId).isNotEmpty();
    assertThat(isSetup(execs.get(0))).as("first exec on %s is setup", vmId).isTrue();
    assertThat(isCleanup(execs.get(execs.size() - 1))).as("last exec on %s is cleanup", vmId).isTrue();
    assertThat(execs.stream().filter(EngineFixture::isSetup).count()).isEqualTo(1);
    assertThat(execs.stream().filter(EngineFixture::isCleanup).count()).isEqualTo(1);
  }

  /** No VM alive, no session open, every VM closed exactly once, every event balanced. */
  void assertClean() {
    assertThat(provider.liveVms()).as("live VMs").isZero();
    assertThat(sessions.openSessions()).as("open sessions").isZero();
    for (String id : provider.vmIds()) assertThat(provider.closeCalls(id)).as("close calls on " + id).isEqualTo(1);
    events.assertBalanced();
  }

  /** Waits (spinning, never sleeping) until {@code condition} holds; fails after ten seconds. */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting until " + what);
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
