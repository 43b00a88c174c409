package dev.hearth.cli;

import dev.hearth.engine.AllocationScope;
import dev.hearth.engine.action.ActionSource;
import dev.hearth.server.config.VmsConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * How {@code hearth run} runs what it selected, once its options are checked.
 *
 * @param checkout the repository checkout copied into each VM's workspace
 * @param provider a name {@link Providers} knows
 * @param maxSessions the limit on VMs alive at once, or null for the engine's default
 * @param scope one VM per run or per job
 * @param secrets the secrets context
 * @param vars the vars context
 * @param json the JSON event stream instead of the human output
 * @param pool ready VMs kept per label set once used (0: no warm pool)
 * @param actions where remote actions are found ({@code --action-dir} mappings, then the store)
 * @param verbose print the full reasons behind the provider's choice, not only the short first line
 * @param vms quotas, pool and placement ({@code --config} with the quota flags over it; {@code pool} wins
 *     over its pool size when above 0)
 */
record RunOptions(Path checkout, String provider, Integer maxSessions, AllocationScope scope,
    Map<String, String> secrets, Map<String, String> vars, boolean json, boolean verbose, int pool, ActionSource actions, VmsConfig vms) {

  RunOptions {
    secrets = Map.copyOf(secrets);
    vars = Map.copyOf(vars);
  }
}
