package dev.hearth.engine.step;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where one {@code run} step's files are in the VM, named as GitHub's runner names them: under
 * {@code tempDir} ({@code $RUNNER_TEMP}) the script {@code <id><ext>}, and in
 * {@code _runner_file_commands/} one {@code <command>_<id>} file per file command. They all sit in
 * directories that already exist after a job's first step, so a step makes them without a process.
 *
 * <p>The id is one job leg's, not one step's: the steps of a leg run one after the other and each
 * truncates the files before it starts, so every step still sees fresh, empty files, but only a
 * leg's first step creates them. Creating files was the largest part of a step's cost on ext4:
 * allocating an inode scans for one not recently deleted, and a run leaves thousands deleted.
 *
 * @param tempDir the runner's temp directory in the VM
 * @param id unique per job leg (steps that may run at the same time never share one)
 * @param extension the script's extension, e.g. {@code .sh}
 */
record StepFiles(String tempDir, String id, String extension) {
  /** The file commands, by their file's name ({@code set_env} is {@code $GITHUB_ENV}'s, and so on). */
  static final List<String> COMMANDS = List.of("set_env", "set_output", "save_state", "add_path", "step_summary");

  /**
   * A new id for a job leg's step files: random, in UUID form. Not from {@code UUID.randomUUID()}:
   * nothing here is secret, and its secure generator serialises every leg on one lock.
   */
  static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  String script() {
    return tempDir + "/" + id + extension;
  }

  String commandDir() {
    return tempDir + "/_runner_file_commands";
  }

  /** The file of {@code command}, one of {@link #COMMANDS}. */
  String command(String command) {
    return commandDir() + "/" + command + "_" + id;
  }

  /** {@code env} plus the variables that name the file-command files. */
  Map<String, String> withVariables(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>(env);
    out.put("GITHUB_ENV", command("set_env"));
    out.put("GITHUB_OUTPUT", command("set_output"));
    out.put("GITHUB_STATE", command("save_state"));
    out.put("GITHUB_PATH", command("add_path"));
    out.put("GITHUB_STEP_SUMMARY", command("step_summary"));
    return out;
  }
}
