package dev.hearth.engine.step;

import dev.hearth.engine.action.ActionReference;
import dev.hearth.engine.action.ActionSource;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.workflow.action.ActionParseResult;
import dev.hearth.workflow.action.ActionParser;
import dev.hearth.workflow.source.WorkflowError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Finds and reads the actions of one job leg: a local action's {@code action.yml} is read from the
 * VM's workspace; a remote action comes from the {@link ActionSource} (never the network) and is
 * copied into the VM under {@code $RUNNER_TEMP/_actions/owner/repo/ref} once per job. Used by one thread.
 */
final class ActionLoader {
  private static final ActionParser PARSER = new ActionParser();
  private final Vm vm;
  private final ActionSource source;
  private final String workspace;
  private final String actionsDir;
  private final Map<String, LoadedAction> loaded = new HashMap<>();

  ActionLoader(Vm vm, ActionSource source, String workspace, String tempDir) {
    this.vm = vm;
    this.source = source;
    this.workspace = workspace;
    this.actionsDir = tempDir + "/_actions";
  }

  LoadedAction load(ActionReference reference) throws ActionException, InterruptedException {
    String key = reference.toString();
    LoadedAction done = loaded.get(key);
    if (done != null) return done;
    LoadedAction action = switch (reference) {
      case ActionReference.Local l -> local(l);
      case ActionReference.Remote r -> remote(r);
      case ActionReference.DockerImage d -> throw docker(d.image());
    };
    loaded.put(key, action);
    return action;
  }

  static ActionException docker(String what) {
    return new ActionException("Docker actions need a container engine in the VM image, and Hearth's VMs have none:"
        + " cannot run " + what + ".");
  }

  private LoadedAction local(ActionReference.Local l) throws ActionException, InterruptedException {
    String dir = l.path().isEmpty() ? workspace : workspace + "/" + l.path().replaceAll("/+$", "");
    Path host = null;
    try {
      host = Files.createTempDirectory("hearth-action");
      for (String name : new String[] {"action.yml", "action.yaml"}) {
        Path target = host.resolve(name);
        try {
          vm.copyOut(dir + "/" + name, target);
        } catch (VmException e) {
          continue; // absent
        }
        if (Files.isRegularFile(target)) return new LoadedAction(l, parse(target, "./" + l.path() + "/" + name), dir);
      }
      throw new ActionException("Can't find 'action.yml' or 'action.yaml' under '" + dir + "'. Did you forget to run"
          + " actions/checkout before running your local action?");
    } catch (IOException e) {
      throw new ActionException("Could not read the local action ./" + l.path() + ": " + e.getMessage());
    } finally {
      if (host != null) FileTreesOnHost.delete(host);
    }
  }

  private LoadedAction remote(ActionReference.Remote r) throws ActionException, InterruptedException {
    Path repo = source.repository(r).orElseThrow(() -> new ActionException("The action " + r + " is not in Hearth's"
        + " action store, and Hearth does not download actions while a run runs. Fetch it once with: "
        + r.fetchCommand() + " (or map a directory with --action-dir " + r.repositoryRef() + "=PATH)"));
    Path hostDir = r.path().isEmpty() ? repo : repo.resolve(r.path());
    Path file = Files.isRegularFile(hostDir.resolve("action.yml")) ? hostDir.resolve("action.yml") : hostDir.resolve("action.yaml");
    if (!Files.isRegularFile(file)) {
      throw new ActionException("Can't find 'action.yml' or 'action.yaml' for " + r + " under " + hostDir);
    }
    String vmRepo = actionsDir + "/" + r.owner() + "/" + r.repo() + "/" + r.ref().replace('/', '_');
    try {
      vm.copyIn(repo, vmRepo);
    } catch (VmException e) {
      throw new ActionException("Could not copy the action " + r + " into the VM: " + e.getMessage());
    }
    String name = r.owner() + "/" + r.repo() + (r.path().isEmpty() ? "" : "/" + r.path()) + "/" + file.getFileName();
    return new LoadedAction(r, parse(file, name), r.path().isEmpty() ? vmRepo : vmRepo + "/" + r.path());
  }

  private static dev.hearth.workflow.action.Action parse(Path file, String name) throws ActionException {
    try {
      ActionParseResult result = PARSER.parse(name, Files.readAllBytes(file));
      if (result.isValid()) return result.action();
      throw new ActionException("The action file " + name + " is invalid:\n"
          + result.errors().stream().map(WorkflowError::render).collect(Collectors.joining("\n")));
    } catch (IOException e) {
      throw new ActionException("Could not read " + name + ": " + e.getMessage());
    }
  }
}
