package dev.hearth.vm.gvisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Tells a sandbox that died under a command (the kernel killed it for its memory quota, or it
 * crashed) from a command that merely failed: runsc exec reports both as exit 128.
 *
 * @param sandboxPid the host pid of the sandbox process
 * @param limits the sandbox's cgroup limits, to name the quota it broke
 */
record SandboxDeath(long sandboxPid, OciBundle.Limits limits) {
  /** Why the sandbox is gone, or empty while it lives. */
  Optional<String> cause() {
    Path proc = Path.of("/proc", Long.toString(sandboxPid));
    if (alive(proc)) return Optional.empty();
    if (limits.memoryMb() > 0 && oomKills() > 0) {
      return Optional.of("the sandbox was killed for using more than its memory quota of " + limits.memoryMb() + " MiB");
    }
    return Optional.of("the sandbox (host pid " + sandboxPid + ") died");
  }

  private static boolean alive(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  /** The kernel's OOM kills in the sandbox's memory cgroup (cgroup v1 or v2), 0 when unknown. */
  private long oomKills() {
    for (Path file : new Path[] {Path.of("/sys/fs/cgroup/memory", limits.cgroup(), "memory.oom_control"),
        Path.of("/sys/fs/cgroup", limits.cgroup(), "memory.events")}) {
      try {
        for (String line : Files.readAllLines(file)) {
          if (line.startsWith("oom_kill ")) return Long.parseLong(line.substring(9).trim());
        }
      } catch (IOException | NumberFormatException e) {
        // not this cgroup version
      }
    }
    return 0;
  }
}
