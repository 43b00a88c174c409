package dev.hearth.engine.step;

import dev.hearth.vm.VmException;
import dev.hearth.workflow.action.ActionRuns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Runs one script of a JavaScript action ({@code pre}, {@code main} or {@code post}) with the VM's
 * {@code node}, as one {@link ScriptStep}: the process sees the job's environment, the step's
 * {@code env}, {@code INPUT_*}, {@code GITHUB_ACTION_PATH} and the {@code STATE_*} values earlier
 * phases of the same step saved through {@code $GITHUB_STATE}; workflow and file commands work as for
 * {@code run} steps. The launcher copies {@code $GITHUB_STATE} aside for the next phase.
 */
final class NodeRun {
  private final JobRun job;
  private final StepLog log;

  NodeRun(JobRun job, StepLog log) {
    this.job = job;
    this.log = log;
  }

  /**
   * @param state the step's saved state, read as {@code STATE_*} and extended by what this phase saves
   */
  StepResult run(LoadedAction action, ActionRuns.Node runs, String script, Map<String, String> inputs,
      Map<String, String> stepEnv, Map<String, String> state, JobRun.Limit limit) throws InterruptedException {
    if (!runs.isCurrent()) {
      log.warning("The action " + action.reference() + " asks for " + runs.using() + ", which GitHub no longer runs;"
          + " Hearth runs it with the VM's node.");
    }
    Map<String, String> env = new LinkedHashMap<>(job.env().process(stepEnv));
    env.putAll(ActionScope.environment(action));
    // INPUT_ and STATE_ names may hold characters a shell drops from the environment (INPUT_WHO-TO-GREET):
    // they travel as JSON and a preloaded script puts them into node's environment before the action runs.
    Map<String, String> actionEnv = new LinkedHashMap<>(ActionInputs.environment(inputs));
    state.forEach((k, v) -> actionEnv.put("STATE_" + k, v));
    env.put(ENV_VARIABLE, json(actionEnv));
    String stateDir = job.tempDir() + "/_state";
    String stateFile = stateDir + "/" + UUID.randomUUID();
    String preload = stateDir + "/hearth-action-env.js";
    String path = action.path() + "/" + script;
    String body = "command -v node >/dev/null 2>&1 || { echo " + quote("::error::The JavaScript action " + action.reference()
            + " needs node, which is not on the VM's PATH: install Node.js in the VM image") + "; exit 127; }\n"
        + "mkdir -p " + quote(stateDir) + "\n"
        + "printf '%s\\n' " + quote(PRELOAD) + " > " + quote(preload) + "\n"
        + "hearth_rc=0\n"
        + "node --require " + quote(preload) + " " + quote(path) + " || hearth_rc=$?\n"
        + "cat \"$GITHUB_STATE\" > " + quote(stateFile)
        + " 2>/dev/null || :\n"
        + "exit $hearth_rc\n";
    String launcher = HearthScript.of(runs.using() + " " + script + " of " + action.reference(), body, env);
    ScriptRequest request = new ScriptRequest(launcher, ShellCommand.parse("sh"), job.invocation().workspace(), env,
        limit.timeout(), limit.isJobDeadline(), !job.stopping());
    StepOutput output = new StepOutput(log, job.masker(), job.commands(), job.debug(),
        "true".equalsIgnoreCase(env.get("ACTIONS_ALLOW_UNSECURE_COMMANDS")));
    StepResult result = new ScriptStep(job.vm(), job.tempDir(), job.stepFilesId(), job.invocation().cancellation(), log).run(request, output);
    state.putAll(savedState(stateFile));
    return result;
  }

  private Map<String, String> savedState(String stateFile) throws InterruptedException {
    Path host = null;
    try {
      host = Files.createTempDirectory("hearth-state");
      Path target = host.resolve("state");
      job.vm().copyOut(stateFile, target);
      if (!Files.isRegularFile(target)) return Map.of();
      return FileCommands.parseKeyValues(Files.readString(target, StandardCharsets.UTF_8));
    } catch (VmException | IOException e) {
      return Map.of(); // the script never got to save state (killed before): nothing to carry
    } catch (FileCommandException e) {
      log.error("Unable to process file command 'state' successfully: " + e.getMessage());
      return Map.of();
    } finally {
      if (host != null) FileTreesOnHost.delete(host);
    }
  }

  static final String ENV_VARIABLE = "HEARTH_ACTION_ENV";
  private static final String PRELOAD = "const e = JSON.parse(process.env." + ENV_VARIABLE + " || '{}');"
      + " delete process.env." + ENV_VARIABLE + "; for (const k of Object.keys(e)) process.env[k] = e[k];";
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private static String json(Map<String, String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is always JSON", e);
    }
  }

  private static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
