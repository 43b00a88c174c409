package dev.hearth.engine;

import dev.hearth.engine.action.ActionSource;
import dev.hearth.engine.quota.QuotaResolver;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Runs workflow runs: the engine's entry point. For each {@link RunRequest} it waits for admission
 * through the {@link SessionManager}, allocates the run's VM (one per run in workflow scope, one per
 * job leg in job scope), sets it up, runs the jobs in dependency order, cleans up and releases the VM,
 * reporting progress on the request's listener. Thread-safe: run many requests at once, each on its
 * own thread (or through {@link #submit}).
 *
 * <pre>{@code
 * SessionManager sessions = new SessionManager(provider, maxSessions, clock);
 * WorkflowExecutor executor = new WorkflowExecutor(sessions, clock);
 * RunResult result = executor.run(RunRequest.builder("1", plan).repository(dir).listener(printer).build());
 * }</pre>
 */
public final class WorkflowExecutor {
  private final SessionManager sessions;
  private final Timers timers;
  private final LegRunner runner;
  private final ActionSource actions;
  private final QuotaResolver quotas;
  private final JobGate gate;

  /**
   * @param sessions admission and VMs
   * @param timers job timeouts, and the clock every event's time is read on
   * @param runner runs a leg's steps ({@link LegRunner#steps} outside tests)
   */
  public WorkflowExecutor(SessionManager sessions, Timers timers, LegRunner runner) {
    this(sessions, timers, runner, ActionSource.NONE);
  }

  /** @param actions where remote reusable workflows ({@code owner/repo/path@ref}) are found */
  public WorkflowExecutor(SessionManager sessions, Timers timers, LegRunner runner,
      ActionSource actions) {
    this(sessions, timers, runner, actions, QuotaResolver.conventionOnly(), JobGate.NONE);
  }

  private WorkflowExecutor(SessionManager sessions, Timers timers, LegRunner runner, ActionSource actions,
      QuotaResolver quotas, JobGate gate) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.timers = Objects.requireNonNull(timers, "timers");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.actions = Objects.requireNonNull(actions, "actions");
    this.quotas = Objects.requireNonNull(quotas, "quotas");
    this.gate = Objects.requireNonNull(gate, "gate");
  }

  /**
   * This executor with VM quotas resolved by {@code value} (default: only the {@code hearth-4cpu-8gb}
   * label convention, no defaults and no caps). A run whose quota cannot be resolved fails before it
   * gets a VM, with the resolver's message in its log.
   */
  public WorkflowExecutor withQuotas(QuotaResolver value) {
    return new WorkflowExecutor(sessions, timers, runner, actions, value, gate);
  }

  /**
   * This executor with job-level {@code concurrency:} groups enforced by {@code value} (default
   * {@link JobGate#NONE}: not enforced). A leg of a job with a group waits for it before it gets a VM.
   */
  public WorkflowExecutor withJobGate(JobGate value) {
    return new WorkflowExecutor(sessions, timers, runner, actions, quotas, value);
  }

  /** An executor running steps with the real step runner, timing on {@code clock}. */
  public WorkflowExecutor(SessionManager sessions, Clock clock) {
    this(sessions, Timers.of(clock), LegRunner.steps(clock));
  }

  /** An executor whose steps find remote actions in {@code actions}. */
  public WorkflowExecutor(SessionManager sessions, Clock clock, ActionSource actions) {
    this(sessions, Timers.of(clock), LegRunner.steps(clock, actions), actions);
  }

  public WorkflowExecutor(SessionManager sessions) {
    this(sessions, Clock.systemUTC());
  }

  /**
   * Runs {@code request} to its end on this thread and returns how it ended. Never throws for
   * anything the run does (a failing VM, step or engine bug becomes a failed result); cancel with
   * {@code request.cancellation().cancel(Reason.CANCELLED, "why")} from any thread.
   */
  public RunResult run(RunRequest request) {
    return new RunExecution(RunContext.of(request, timers, sessions, runner, actions, quotas, gate)).execute();
  }

  /** Runs {@code request} on a new thread. */
  public CompletableFuture<RunResult> submit(RunRequest request) {
    CompletableFuture<RunResult> result = new CompletableFuture<>();
    Thread.ofPlatform().name("hearth-run-" + request.runId()).start(() -> {
      try {
        result.complete(run(request));
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
    return result;
  }

  public SessionManager sessions() {
    return sessions;
  }
}
