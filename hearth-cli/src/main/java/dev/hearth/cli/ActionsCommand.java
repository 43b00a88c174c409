package dev.hearth.cli;

import dev.hearth.engine.action.ActionReference;
import dev.hearth.engine.action.ActionStore;
import dev.hearth.engine.action.ActionStoreException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hearth actions}: the local store of remote actions that runs read without network. */
@Command(
    name = "actions",
    mixinStandardHelpOptions = true,
    description = "Manages the store of remote actions (owner/repo@ref) that runs use without network.",
    subcommands = {ActionsCommand.Fetch.class})
final class ActionsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code hearth actions fetch owner/repo@ref…}: clones each and stores it by the commit its ref resolves to. */
  @Command(
      name = "fetch",
      mixinStandardHelpOptions = true,
      description = {
        "Clones each action's repository with git and stores its files at the commit the ref resolves to.",
        "Exit status: 0 when every action was stored; 1 when a fetch failed; 2 for a malformed reference."
      })
  static final class Fetch implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "OWNER/REPO@REF", description = "The actions, as a step's 'uses' names them.")
    List<String> actions;

    @Option(names = "--base-url", paramLabel = "URL", defaultValue = ActionStore.GITHUB,
        description = "Where repositories are cloned from: URL/OWNER/REPO (default: ${DEFAULT-VALUE}).")
    String baseUrl;

    @Option(names = "--action-store", paramLabel = "DIR",
        description = "The action store (default: $XDG_CACHE_HOME/hearth/actions or ~/.cache/hearth/actions).")
    Path store;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ActionStore actionStore = new ActionStore(store != null ? store : ActionStore.defaultRoot());
      int status = 0;
      for (String uses : actions) {
        ActionReference.Remote ref;
        try {
          if (!(ActionReference.parse(uses) instanceof ActionReference.Remote r)) {
            err.println("hearth actions fetch: '" + uses + "' is not a remote action (owner/repo[/path]@ref)");
            return 2;
          }
          ref = r;
        } catch (IllegalArgumentException e) {
          err.println("hearth actions fetch: " + e.getMessage());
          return 2;
        }
        try {
          String commit = actionStore.fetch(ref.owner(), ref.repo(), ref.ref(), baseUrl);
          out.println(ref.repositoryRef() + " " + commit + " stored in " + actionStore.root());
        } catch (ActionStoreException e) {
          err.println("hearth actions fetch: " + e.getMessage());
          status = 1;
        }
      }
      return status;
    }
  }
}
