package dev.hearth.cli;

import dev.hearth.engine.Cancellation;
import dev.hearth.engine.InProcessJobGate;
import dev.hearth.engine.RunListener;
import dev.hearth.engine.RunMetadata;
import dev.hearth.engine.RunRequest;
import dev.hearth.engine.SessionManager;
import dev.hearth.engine.WorkflowExecutor;
import dev.hearth.engine.quota.QuotaResolver;
import dev.hearth.server.config.VmsConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the selected workflows in-process through the engine: one provider (behind a warm pool with
 * {@code --pool N}; or members under placement from {@code --config}), quotas from {@code --config} and the quota flags, one session manager (the {@code max-sessions} limit), every run submitted at
 * once (the session manager admits them first come first served), progress to the printer and the summary. Ctrl-C cancels them all.
 */
final class LocalRuns {
  private LocalRuns() {}

  /** Runs them and returns the exit status: 0 when all succeeded, 1 otherwise. */
  static int run(RunSelection selection, RunOptions options, PrintWriter out, PrintWriter err) throws InterruptedException {
    VmsConfig vms = options.vms();
    if (options.pool() > 0) vms = new VmsConfig(vms.quotas(), new VmsConfig.Pool(options.pool(), vms.pool().labels()),
        vms.placement(), vms.members());
    VmWiring.Wired wired = VmWiring.open(options.provider(), vms, Clock.systemUTC());
    Style style = options.json() ? Style.PLAIN : Style.forTerminal();
    if (!options.json()) wired.lines().forEach(line -> out.println(style.dim("hearth: " + line)));
    if (!options.json() && options.verbose()) wired.details().forEach(line -> out.println(style.dim("hearth:   " + line)));
    RunSummary summary = new RunSummary();
    RunListener printer = options.json() ? new JsonEventPrinter(out) : new HumanPrinter(out, style);
    RunListener listener = RunListener.all(List.of(summary, printer));
    Cancellation cancellation = new Cancellation();
    int limit = options.maxSessions() != null ? options.maxSessions() : SessionManager.defaultMaxSessions();
    try (var provider = wired.provider();
        CtrlC ctrlC = CtrlC.install(cancellation, provider::close, err);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      WorkflowExecutor executor = new WorkflowExecutor(new SessionManager(provider, limit, Clock.systemUTC()),
          Clock.systemUTC(), options.actions()).withQuotas(new QuotaResolver(vms.quotas())).withJobGate(new InProcessJobGate());
      List<Future<?>> runs = new ArrayList<>();
      int n = 0;
      for (RunSelection.Selected selected : selection.runs()) {
        RunRequest request = request(String.valueOf(++n), selected, options, listener, cancellation.child());
        runs.add(threads.submit(() -> executor.run(request)));
      }
      for (Future<?> run : runs) await(run, err);
      if (!options.json()) {
        out.println();
        summary.print(out, style);
      }
      out.flush();
    }
    return summary.exitCode();
  }

  private static RunRequest request(String runId, RunSelection.Selected selected, RunOptions options,
      RunListener listener, Cancellation cancellation) {
    RunMetadata metadata = RunMetadata.fromEvent(selected.plan().event());
    metadata = metadata.with(metadata.repository(),
        GitCheckout.headCommit(options.checkout()).orElse(metadata.sha()), metadata.actor());
    return RunRequest.builder(runId, selected.plan())
        .repository(options.checkout().toAbsolutePath().normalize())
        .metadata(metadata)
        .secrets(options.secrets())
        .vars(options.vars())
        .inputs(selected.inputs())
        .scope(options.scope())
        .listener(listener)
        .cancellation(cancellation)
        .build();
  }

  private static void await(Future<?> run, PrintWriter err) throws InterruptedException {
    try {
      run.get();
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      err.println("hearth run: " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
    }
  }
}
