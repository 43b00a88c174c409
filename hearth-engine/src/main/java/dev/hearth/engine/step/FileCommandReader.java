package dev.hearth.engine.step;

import dev.hearth.engine.step.StepResult.Changes;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a step's file-command files back from the VM after it ran and turns them into
 * {@link Changes}, merged with what its workflow commands set. A file GitHub would reject fails
 * the step (through {@link StepOutput#failed}) with GitHub's two error lines.
 */
final class FileCommandReader {
  /** GitHub refuses step summaries above 1 MiB. */
  static final int MAX_SUMMARY_BYTES = 1024 * 1024;

  private final Vm vm;
  private final StepLog log;

  FileCommandReader(Vm vm, StepLog log) {
    this.vm = vm;
    this.log = log;
  }

  /**
   * The step's changes.
   *
   * @param written the file commands the step wrote to, as the launcher reported them (only those
   *     are copied out of the VM), or null when it could not say (the step was killed): then all are
   */
  Changes read(StepFiles files, Set<String> written, StepOutput output) {
    Path host = null;
    try {
      if (written == null || !written.isEmpty()) host = Files.createTempDirectory("hearth-file-commands");
      Fetch fetch = new Fetch(vm, files, written, host);
      Map<String, String> env = new LinkedHashMap<>(output.env);
      Map<String, String> outputs = new LinkedHashMap<>(output.outputs);
      List<String> paths = new ArrayList<>(output.paths);
      env.putAll(keyValues("env", fetch.text("set_env"), output));
      env.keySet().removeIf(name -> blocked(name));
      outputs.putAll(keyValues("output", fetch.text("set_output"), output));
      keyValues("state", fetch.text("save_state"), output); // state serves only an action's post step
      paths.addAll(FileCommands.parsePaths(fetch.text("add_path")));
      return new Changes(outputs, env, paths, summary(fetch.text("step_summary")));
    } catch (IOException | VmException e) {
      log.error("Could not read the step's file commands from " + files.commandDir() + ": " + e.getMessage());
      output.failed = true;
      return Changes.NONE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Changes.NONE;
    } finally {
      delete(host);
    }
  }

  /** Copies file-command files out of the VM: only those written, when that is known. */
  private record Fetch(Vm vm, StepFiles files, Set<String> written, Path host) {
    String text(String name) throws VmException, InterruptedException, IOException {
      if (written != null && !written.contains(name)) return "";
      Path target = host.resolve(name);
      vm.copyOut(files.command(name), target);
      return Files.isRegularFile(target) ? Files.readString(target, StandardCharsets.UTF_8) : "";
    }
  }

  private Map<String, String> keyValues(String command, String text, StepOutput output) {
    try {
      return FileCommands.parseKeyValues(text);
    } catch (FileCommandException e) {
      log.error("Unable to process file command '" + command + "' successfully.");
      log.error(e.getMessage());
      output.failed = true;
      return Map.of();
    }
  }

  private boolean blocked(String name) {
    if (!name.equalsIgnoreCase("NODE_OPTIONS")) return false;
    log.error("Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.");
    return true;
  }

  private String summary(String text) {
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_SUMMARY_BYTES) {
      log.warning("$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got "
          + (bytes / 1024) + "k. For more information see: https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-markdown-summary");
      return "";
    }
    return text;
  }

  private static void delete(Path dir) {
    if (dir == null) return;
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover temp directory is harmless
    }
  }
}
