package dev.hearth.cli;

import ch.qos.logback.classic.Level;
import dev.hearth.cli.log.LogSetup;
import dev.hearth.server.HearthServer;
import dev.hearth.server.config.ConfigException;
import dev.hearth.server.config.ConfigLoader;
import dev.hearth.server.config.ServerConfig;
import dev.hearth.server.queue.HostWorkspaceReaper;
import dev.hearth.server.queue.VmReaper;
import dev.hearth.server.store.StoreException;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.host.HostVmProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hearth serve}: receives GitHub webhooks and runs the workflows they select, durably. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Receives GitHub webhooks on POST /webhook and runs the workflows they select, each in its own VM.",
      "Configuration: --config FILE (YAML), then HEARTH_* environment variables, then these flags.",
      "The webhook secret comes from the file or HEARTH_WEBHOOK_SECRET, never from a flag.",
      "SIGTERM stops it: runs in flight are cancelled, queued runs wait for the next start, and reports to GitHub get "
          + "up to github.shutdown-wait (10 s) to go out (the rest stay in the store and go out after a restart, or from "
          + "another host).",
      "Exit status: 2 for an invalid configuration or a store that cannot be opened."
    })
final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "The YAML configuration file.")
  Path config;

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Where to listen (default: 127.0.0.1:8080).")
  String listen;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "The store, git mirrors and checkouts (default: ~/.hearth).")
  Path dataDir;

  @Option(names = "--store", paramLabel = "URL",
      description = "sqlite (default: a file under the data dir), sqlite:/path/file.db or postgresql://user:pw@host:port/db.")
  String store;

  @Option(names = "--provider", paramLabel = "NAME",
      description = "The VM provider: auto or one `hearth providers` lists (default: auto; unused with members: in the file).")
  String provider;

  @Option(names = "--max-sessions", paramLabel = "N", description = "At most N VMs at once (default: one per CPU).")
  Integer maxSessions;

  @Option(names = "--log-format", paramLabel = "FORMAT",
      description = "text (default) or json: one JSON object a line on stderr (time, level, logger, message, run, vm, …).")
  String logFormat;

  @Option(names = {"-v", "--verbose"}, description = "Also print why each provider was or was not chosen, in full.")
  boolean verbose;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    ServerConfig settings;
    try {
      settings = ConfigLoader.load(config, System.getenv(),
          new ConfigLoader.Flags(listen, dataDir, store, provider, maxSessions, logFormat), Providers::isKnown);
    } catch (ConfigException e) {
      err.println("hearth serve: " + e.getMessage());
      return 2;
    }
    // A server's log is its record of what happened to each delivery, run and VM: info, unless
    // -Dhearth.log.level says otherwise.
    LogSetup.configureProcess(Level.INFO, settings.logFormat());
    VmWiring.Wired wired;
    try {
      wired = VmWiring.open(settings.provider(), settings.vms(), Clock.systemUTC());
    } catch (IllegalStateException | IllegalArgumentException e) {
      err.println("hearth serve: " + e.getMessage());
      return 2;
    }
    wired.lines().forEach(line -> spec.commandLine().getOut().println("hearth: " + line));
    if (verbose) wired.details().forEach(line -> spec.commandLine().getOut().println("hearth:   " + line));
    spec.commandLine().getOut().flush();
    CountDownLatch stopped = new CountDownLatch(1);
    try (VmProvider vms = wired.provider()) {
      HearthServer server;
      try {
        server = HearthServer.start(settings, HearthServer.Wiring.of(vms, reaper(wired.bases())).withPools(wired.pools()));
      } catch (StoreException | IllegalStateException | java.io.UncheckedIOException e) {
        err.println("hearth serve: " + e.getMessage());
        return 2;
      }
      Thread hook = new Thread(() -> {
        server.close();
        vms.close();
        stopped.countDown();
      }, "hearth-serve-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      spec.commandLine().getOut().println("hearth serve: listening on http://" + settings.listenHost() + ":" + server.port());
      spec.commandLine().getOut().flush();
      stopped.await();
    }
    return 0;
  }

  /** What frees the VMs a killed server left behind, for the providers in use (host providers' work directories). */
  private static VmReaper reaper(List<VmProvider> providers) {
    List<VmReaper> reapers = providers.stream().filter(p -> p instanceof HostVmProvider)
        .map(p -> (VmReaper) new HostWorkspaceReaper(((HostVmProvider) p).root())).toList();
    if (reapers.isEmpty()) return VmReaper.NONE;
    if (reapers.size() == 1) return reapers.get(0);
    return vm -> String.join("; ", reapers.stream().map(r -> r.reap(vm)).toList());
  }
}
