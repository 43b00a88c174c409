package dev.hearth.engine;

import dev.hearth.engine.action.ActionSource;
import dev.hearth.engine.quota.QuotaResolver;
import dev.hearth.engine.step.Masker;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What every part of one run's execution shares: the request, the ledger, time, sessions, setup, and
 * the run-wide masker (an {@code ::add-mask::} in one job hides the value in later jobs too), and the
 * quota resolver its VMs' specs come from, and the gate of job-level concurrency groups.
 */
record RunContext(
    RunRequest request, EventLedger ledger, Timers timers, SessionManager sessions, RunSetup setup, LegRunner runner,
    Masker masker, List<String> vmIds, ActionSource actions, QuotaResolver quotas, JobGate gate) {

  static RunContext of(RunRequest request, Timers timers, SessionManager sessions, LegRunner runner) {
    return of(request, timers, sessions, runner, ActionSource.NONE);
  }

  /** {@code actions}: where reusable workflows of other repositories are found ({@code owner/repo/path@ref}). */
  static RunContext of(RunRequest request, Timers timers, SessionManager sessions, LegRunner runner,
      ActionSource actions) {
    return of(request, timers, sessions, runner, actions, QuotaResolver.conventionOnly());
  }

  /** {@code quotas}: what each run's (or job scope: each leg's) VM may use. */
  static RunContext of(RunRequest request, Timers timers, SessionManager sessions, LegRunner runner,
      ActionSource actions, QuotaResolver quotas) {
    return of(request, timers, sessions, runner, actions, quotas, JobGate.NONE);
  }

  /** {@code gate}: where legs of jobs with a {@code concurrency:} group wait for it. */
  static RunContext of(RunRequest request, Timers timers, SessionManager sessions, LegRunner runner,
      ActionSource actions, QuotaResolver quotas, JobGate gate) {
    return new RunContext(request, new EventLedger(request.listener(), timers.clock()), timers, sessions,
        new RunSetup(timers.clock()), runner, Masker.of(request.secrets().values()), new ArrayList<>(), actions, quotas, gate);
  }

  /** The context of a called reusable workflow's jobs: {@code request} instead, all else shared. */
  RunContext forCall(RunRequest request) {
    return new RunContext(request, ledger, timers, sessions, setup, runner, masker, vmIds, actions, quotas, gate);
  }

  String runId() {
    return request.runId();
  }

  Clock clock() {
    return timers.clock();
  }

  Instant now() {
    return timers.clock().instant();
  }

  /** A line from Hearth itself in the run's log ({@code jobId} null for the run). */
  void say(String jobId, String text) {
    ledger.on(new RunEvent.LogLine(runId(), jobId, null, "hearth", masker.mask(text), now()));
  }

  synchronized void usedVm(String vmId) {
    vmIds.add(vmId);
  }

  synchronized List<String> usedVms() {
    return List.copyOf(vmIds);
  }
}
