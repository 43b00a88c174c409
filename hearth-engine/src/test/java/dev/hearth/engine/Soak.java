package dev.hearth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.testing.chaos.ChaosVmProvider;
import dev.hearth.workflow.plan.RunPlan;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Many workflow runs at once through a real executor (real step runner, real timers) over a {@link
 * ChaosVmProvider}, some cancelled at random moments; then the checks every soak ends with. Runs go
 * through more threads than {@code max-sessions}, so admission always has waiters.
 *
 * @param runs how many runs
 * @param maxSessions the session limit
 * @param jobScopeEvery every n-th run uses job scope (one VM per job leg); 0: none
 * @param cancelOdds the chance that a run is cancelled at a random moment in its first {@code cancelWithin}
 * @param cancelWithin see cancelOdds
 */
record Soak(int runs, int maxSessions, int jobScopeEvery, double cancelOdds, Duration cancelWithin) {
  /** The longest the whole soak may take before the runs still going count as hung. */
  static final Duration HANG_GUARD = Duration.ofMinutes(3);

  /** What a soak saw. */
  record Outcome(List<RunResult> results, Map<Conclusion, Integer> conclusions, RecordingListener events,
      SessionManager sessions, int cancelled) {}

  /**
   * Runs the soak. {@code plans} makes the plan of run number n. Fails (naming the runs) when a run is
   * still going after {@link #HANG_GUARD}.
   */
  Outcome run(ChaosVmProvider provider, Function<Integer, RunPlan> plans) throws Exception {
    SessionManager sessions = new SessionManager(provider, maxSessions, Clock.systemUTC());
    WorkflowExecutor executor = new WorkflowExecutor(sessions, Clock.systemUTC());
    RecordingListener events = new RecordingListener();
    SplittableRandom random = new SplittableRandom(provider.settings().seed() ^ 0x5eed);
    ExecutorService threads = Executors.newFixedThreadPool(maxSessions * 3);
    ScheduledExecutorService cancels = Executors.newSingleThreadScheduledExecutor();
    int cancelled = 0;
    List<Future<RunResult>> futures = new ArrayList<>();
    try {
      for (int n = 1; n <= runs; n++) {
        Cancellation cancellation = new Cancellation();
        if (random.nextDouble() < cancelOdds) {
          cancelled++;
          cancels.schedule(() -> cancellation.cancel(Cancellation.Reason.CANCELLED, "the soak cancelled it"),
              random.nextLong(cancelWithin.toNanos()), TimeUnit.NANOSECONDS);
        }
        RunRequest request = RunRequest.builder(Integer.toString(n), plans.apply(n)).listener(events)
            .cancellation(cancellation)
            .scope(jobScopeEvery > 0 && n % jobScopeEvery == 0 ? AllocationScope.JOB : AllocationScope.WORKFLOW)
            .build();
        futures.add(threads.submit(() -> executor.run(request)));
      }
      List<RunResult> results = new ArrayList<>();
      long deadline = System.nanoTime() + HANG_GUARD.toNanos();
      List<String> hung = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        try {
          results.add(futures.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
          hung.add(Integer.toString(i + 1));
        }
      }
      assertThat(hung).as("runs still going after %s (hung): %s", HANG_GUARD, provider.report()).isEmpty();
      Map<Conclusion, Integer> conclusions = new HashMap<>();
      results.forEach(r -> conclusions.merge(r.result(), 1, Integer::sum));
      return new Outcome(results, conclusions, events, sessions, cancelled);
    } finally {
      threads.shutdownNow();
      cancels.shutdownNow();
    }
  }

  /** Every run has a final state, every started thing finished once, no VM or session is left. */
  void assertClean(ChaosVmProvider provider, Outcome outcome) {
    assertThat(outcome.results()).as("results").hasSize(runs)
        .allSatisfy(r -> assertThat(r.result()).as("conclusion of run %s", r.runId()).isNotNull());
    outcome.events().assertBalanced();
    assertThat(outcome.events().of(RunEvent.RunFinished.class)).as("one run.finished per run").hasSize(runs);
    assertThat(outcome.events().of(RunEvent.RunQueued.class)).as("one run.queued per run").hasSize(runs);
    assertThat(provider.liveVms()).as("VMs not closed by the engine").isZero();
    assertThat(provider.extraCloses()).as("VMs closed more than once").isZero();
    assertThat(provider.maxLiveVms()).as("most VMs alive at once").isLessThanOrEqualTo(maxSessions);
    assertThat(outcome.sessions().openSessions()).as("open sessions").isZero();
    assertThat(outcome.sessions().waiting()).as("runs waiting for admission").isZero();
  }
}
