package dev.hearth.engine;

/**
 * Where a run's files live inside its VM, all beneath {@code Vm.workDir()} so nothing outlives the
 * VM and no two runs share a path.
 *
 * @param workDir the VM's work directory
 * @param workspace {@code $GITHUB_WORKSPACE}: the repository's files
 * @param temp {@code $RUNNER_TEMP}, emptied by cleanup
 * @param toolCache {@code $RUNNER_TOOL_CACHE}
 * @param home {@code $HOME}, private to the run
 * @param eventPath {@code $GITHUB_EVENT_PATH}: the event's payload as JSON
 */
public record VmLayout(String workDir, String workspace, String temp, String toolCache, String home, String eventPath) {

  /** The layout under {@code workDir}. */
  public static VmLayout under(String workDir) {
    String base = workDir.endsWith("/") ? workDir.substring(0, workDir.length() - 1) : workDir;
    return new VmLayout(base, base + "/workspace", base + "/temp", base + "/tool-cache", base + "/home",
        base + "/event.json");
  }
}
