package dev.hearth.cli;

import dev.hearth.engine.AllocationScope;
import dev.hearth.engine.action.ActionReference;
import dev.hearth.engine.action.ActionSource;
import dev.hearth.engine.action.ActionStore;
import dev.hearth.engine.action.MappedActions;
import dev.hearth.engine.quota.Quota;
import dev.hearth.engine.quota.QuotaValues;
import dev.hearth.server.config.ConfigException;
import dev.hearth.server.config.VmsConfig;
import dev.hearth.server.config.VmsConfigFile;
import dev.hearth.workflow.event.Event;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hearth run}: runs the workflows of a local checkout that an event selects, one VM per run. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the workflows of a local checkout that EVENT selects (default: push), each in its own VM.",
      "The payload comes from -e FILE, or is made from the checkout (its branch and HEAD commit).",
      "Ctrl-C cancels the runs (cleanup runs, VMs are released); a second Ctrl-C stops at once.",
      "Exit status: 0 when every selected run succeeded or none was selected;",
      "1 when any failed or was cancelled; 2 for invalid input (a workflow file, an option, the event file)."
    })
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "EVENT", description = "The event: push, pull_request, workflow_dispatch, …")
  String eventName = "push";

  @Option(names = "-C", paramLabel = "DIR", description = "The repository checkout (default: .).")
  Path dir = Path.of(".");

  @Option(names = "-W", paramLabel = "PATH", description = "A workflow file or directory (default: DIR/.github/workflows).")
  Path workflows;

  @Option(names = "-j", paramLabel = "JOB", description = "Run only this job and the jobs it needs.")
  String job;

  @Option(names = {"-e", "--event-file"}, paramLabel = "EVENT.json", description = "The event's payload as GitHub sends it.")
  Path eventFile;

  @Option(names = "-s", paramLabel = "NAME[=VALUE]",
      description = "A secret; without a value it is read from the environment variable NAME (keeps it out of ps).")
  List<String> secrets = new ArrayList<>();

  @Option(names = "--secret-file", paramLabel = "FILE", description = "Secrets, one NAME=value a line (dotenv).")
  Path secretFile;

  @Option(names = "--var", paramLabel = "NAME=VALUE", description = "A configuration variable (the vars context).")
  Map<String, String> vars = new LinkedHashMap<>();

  @Option(names = "--input", paramLabel = "NAME=VALUE", description = "A workflow_dispatch input.")
  Map<String, String> inputs = new LinkedHashMap<>();

  @Option(names = "--provider", paramLabel = "NAME", defaultValue = "auto",
      description = "The VM provider: auto (the strongest that works here) or one `hearth providers` lists (default: ${DEFAULT-VALUE}).")
  String provider;

  @Option(names = "--max-sessions", paramLabel = "N", description = "At most N VMs at once (default: one per CPU).")
  Integer maxSessions;

  @Option(names = "--pool", paramLabel = "N", defaultValue = "0",
      description = "Keep N VMs ready for each runs-on label set once it has been used (a warm pool; default: ${DEFAULT-VALUE}, off).")
  int pool;

  @Option(names = "--config", paramLabel = "FILE",
      description = "A hearth.yml whose quotas, pool, placement and members sections apply (other keys are hearth serve's).")
  Path config;

  @Option(names = "--cpus", paramLabel = "N", description = "vCPUs per run's VM (quotas.defaults.vcpus).")
  String cpus;

  @Option(names = "--memory", paramLabel = "SIZE", description = "Memory per run's VM, e.g. 2gb (quotas.defaults.memory).")
  String memory;

  @Option(names = "--disk", paramLabel = "SIZE", description = "Disk per run's VM, e.g. 20gb (quotas.defaults.disk).")
  String disk;

  @Option(names = "--wall-time", paramLabel = "DURATION",
      description = "The longest a run's jobs may take, e.g. 30m; caps timeout-minutes (quotas.defaults.wall-time).")
  String wallTime;

  @Option(names = "--network", paramLabel = "outbound|none", description = "What a run's VM may reach (quotas.defaults.network).")
  String network;

  @Option(names = "--scope", paramLabel = "workflow|job", defaultValue = "workflow",
      description = "One VM per workflow run (default) or per job.")
  String scope;

  @Option(names = "--action-dir", paramLabel = "OWNER/REPO@REF=PATH",
      description = "Use the directory PATH as the repository of the remote action OWNER/REPO@REF.")
  Map<String, Path> actionDirs = new LinkedHashMap<>();

  @Option(names = "--action-store", paramLabel = "DIR",
      description = "The store 'hearth actions fetch' fills (default: $XDG_CACHE_HOME/hearth/actions or ~/.cache/hearth/actions).")
  Path actionStore;

  @Option(names = "--json", description = "Print one JSON object per event and line instead of the human output.")
  boolean json;

  @Option(names = {"-v", "--verbose"}, description = "Also print why each provider was or was not chosen, in full.")
  boolean verbose;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    try {
      RunOptions options = options();
      List<Path> files = workflowFiles();
      Event event = EventSource.load(eventName, eventFile, dir, inputs);
      RunSelection selection = RunSelection.select(files, dir, event, job, inputs);
      if (!selection.errors().isEmpty()) {
        selection.errors().forEach(err::println);
        return 2;
      }
      if (selection.runs().isEmpty()) return nothingSelected(selection);
      return LocalRuns.run(selection, options, spec.commandLine().getOut(), err);
    } catch (IllegalArgumentException e) {
      err.println("hearth run: " + e.getMessage());
      return 2;
    }
  }

  private RunOptions options() throws IOException {
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException(dir + ": no such directory");
    if (!Providers.isKnown(provider)) {
      throw new IllegalArgumentException("unknown provider '" + provider + "' (known: " + String.join(", ", Providers.names()) + ")");
    }
    if (maxSessions != null && maxSessions < 1) throw new IllegalArgumentException("--max-sessions must be at least 1");
    if (pool < 0) throw new IllegalArgumentException("--pool must be 0 (off) or more, got " + pool);
    if (eventName.contains("/") || eventName.endsWith(".yml") || eventName.endsWith(".yaml")) {
      throw new IllegalArgumentException("EVENT '" + eventName + "' looks like a workflow file, not an event name"
          + " (push, pull_request, …): to run one workflow, use -W " + eventName);
    }
    if (!inputs.isEmpty() && !eventName.equals("workflow_dispatch")) {
      throw new IllegalArgumentException("--input is for workflow_dispatch, not " + eventName);
    }
    AllocationScope allocation = AllocationScope.parse(scope);
    var secretValues = SecretOptions.resolve(secrets, secretFile, System::getenv, spec.commandLine().getErr());
    return new RunOptions(dir, provider, maxSessions, allocation, secretValues, vars, json, verbose, pool, actions(), vms());
  }

  /** {@code --config}'s quotas, pool and placement, with the quota flags over its defaults. */
  private VmsConfig vms() {
    VmsConfig vms;
    try {
      vms = config == null ? VmsConfig.NONE : VmsConfigFile.read(config, Providers::isKnown);
    } catch (ConfigException e) {
      throw new IllegalArgumentException("--config " + e.getMessage());
    }
    Quota q = vms.quotas().defaults();
    q = flag("--cpus", cpus, q, (d, v) -> d.withVcpus(QuotaValues.vcpus(v)));
    q = flag("--memory", memory, q, (d, v) -> d.withMemoryMb(QuotaValues.sizeMb(v)));
    q = flag("--disk", disk, q, (d, v) -> d.withDiskMb(QuotaValues.sizeMb(v)));
    q = flag("--wall-time", wallTime, q, (d, v) -> d.withWallTime(QuotaValues.duration(v)));
    q = flag("--network", network, q, (d, v) -> d.withNetwork(QuotaValues.network(v)));
    return new VmsConfig(vms.quotas().withDefaults(q), vms.pool(), vms.placement(), vms.members());
  }

  private static Quota flag(String name, String value, Quota defaults, java.util.function.BiFunction<Quota, String, Quota> set) {
    if (value == null) return defaults;
    try {
      return set.apply(defaults, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage());
    }
  }

  private ActionSource actions() {
    Map<String, Path> dirs = new LinkedHashMap<>();
    actionDirs.forEach((uses, path) -> {
      ActionReference ref;
      try {
        ref = ActionReference.parse(uses);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--action-dir " + uses + ": " + e.getMessage());
      }
      if (!(ref instanceof ActionReference.Remote r) || !r.path().isEmpty()) {
        throw new IllegalArgumentException("--action-dir takes OWNER/REPO@REF=PATH, but got '" + uses + "'");
      }
      if (!Files.isDirectory(path)) throw new IllegalArgumentException("--action-dir " + uses + "=" + path + ": no such directory");
      dirs.put(r.repositoryRef(), path.toAbsolutePath().normalize());
    });
    return new MappedActions(dirs, new ActionStore(actionStore != null ? actionStore : ActionStore.defaultRoot()));
  }

  private List<Path> workflowFiles() {
    List<Path> files;
    try {
      files = WorkflowFiles.of(dir, workflows);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(e.getFile() + ": no such file or directory");
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no workflow files in " + (workflows != null ? workflows : dir.resolve(".github/workflows")));
    }
    return files;
  }

  private int nothingSelected(RunSelection selection) {
    PrintWriter out = spec.commandLine().getOut();
    out.println("no workflow selected for " + eventName);
    selection.skipped().forEach(s -> out.println("  " + s));
    return 0;
  }
}
