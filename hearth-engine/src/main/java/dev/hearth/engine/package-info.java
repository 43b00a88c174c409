/**
 * The engine: sessions (one VM per run) and the workflow executor.
 *
 * <p>The CLI and the server use: {@link dev.hearth.engine.SessionManager} (one per process: the
 * provider and the {@code max-sessions} limit), {@link dev.hearth.engine.WorkflowExecutor#run} with
 * a {@link dev.hearth.engine.RunRequest} (plan, repository, secrets, vars, inputs, scope, listener,
 * cancellation), which returns a {@link dev.hearth.engine.RunResult}; progress arrives on the
 * request's {@link dev.hearth.engine.RunListener}. Cancel a run through its {@link
 * dev.hearth.engine.Cancellation}, also while it waits for admission.
 *
 * <p>Decisions:
 *
 * <ul>
 *   <li><b>Allocation scope.</b> {@code workflow} (default): one session per run, the VM allocated
 *       once before setup; jobs and matrix legs run one at a time in it, in plan then leg order.
 *       {@code job}: every job leg opens its own session (its own admission slot, VM, setup and
 *       cleanup), so a leg starts as soon as its needs are done and independent legs run in
 *       parallel ({@code max-parallel} per job); {@code max-sessions} therefore bounds live VMs in
 *       both scopes, and a leg waiting for a slot never holds one.
 *   <li><b>Labels.</b> Job scope: each leg's own {@code runs-on} (expressions evaluated with its
 *       matrix). Workflow scope: the first job's labels in plan order (a union could ask for
 *       contradictory machines); a job asking for other labels gets a log line saying it runs in the
 *       run's VM.
 *   <li><b>Repository.</b> Setup copies the repository directory whole into {@code
 *       <workDir>/workspace}, {@code .git} included, so git works in the VM (the working tree as it
 *       is, uncommitted and ignored files too, as {@code act} does).
 *   <li><b>Exec counts.</b> Setup is one exec (after the copy), cleanup one exec, and a step runner
 *       must use one exec per step: see {@link dev.hearth.engine.LegRunner}.
 *   <li><b>Quotas.</b> The VM spec's vCPUs, memory, disk and network come from a {@link
 *       dev.hearth.engine.quota.QuotaResolver} ({@link dev.hearth.engine.WorkflowExecutor#withQuotas}):
 *       defaults, per-label entries, the {@code hearth-4cpu-8gb} label convention and per-repository
 *       caps. A quota that cannot be resolved fails the run (job scope: the leg) before allocation;
 *       its wall time caps the jobs' {@code timeout-minutes}.
 *   <li><b>Time.</b> Every duration and event time reads the injected clock; job timeouts fire
 *       through {@link dev.hearth.engine.Timers} on that clock.
 * </ul>
 */
package dev.hearth.engine;
