package dev.hearth.vm.sandbox;

import dev.hearth.vm.VmException;
import dev.hearth.vm.VmSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * CPU, memory and PID limits for sandboxes through cgroup v2, where the host delegates them: the
 * host's hierarchy is v2 ({@code /sys/fs/cgroup/cgroup.controllers} exists) and the cgroup this
 * process runs in already enables the {@code cpu}, {@code memory} and {@code pids} controllers for its
 * children and is writable (the root of a container's cgroup namespace, or a systemd unit with
 * {@code Delegate=yes}). Each VM then gets a child cgroup {@code hearth-<vm>} holding the sandbox and
 * every exec. Elsewhere nothing is limited and {@link #whyNot()} says why, in one line.
 */
final class Cgroups {
  private static final Path MOUNT = Path.of("/sys/fs/cgroup");
  private static final List<String> NEEDED = List.of("cpu", "memory", "pids");
  /** A fork bomb's ceiling when the spec names no limit. */
  static final int DEFAULT_PIDS = 8192;

  private final Path base;
  private final String whyNot;

  private Cgroups(Path base, String whyNot) {
    this.base = base;
    this.whyNot = whyNot;
  }

  static Cgroups detect() {
    if (!Files.exists(MOUNT.resolve("cgroup.controllers"))) {
      String unified = read(MOUNT.resolve("unified/cgroup.controllers")).orElse("");
      return off("the host uses cgroup v1" + (Files.isDirectory(MOUNT.resolve("unified"))
          ? " (its v2 hierarchy at /sys/fs/cgroup/unified has only: " + (unified.isBlank() ? "nothing" : unified) + ")" : ""));
    }
    String own = read(Path.of("/proc/self/cgroup")).orElse("").lines().filter(l -> l.startsWith("0::"))
        .map(l -> l.substring(3)).findFirst().orElse("/");
    Path base = MOUNT.resolve(own.substring(1));
    String enabled = read(base.resolve("cgroup.subtree_control")).orElse("");
    List<String> missing = NEEDED.stream().filter(c -> !List.of(enabled.split("\\s+")).contains(c)).toList();
    if (!missing.isEmpty()) return off("cgroup " + base + " does not delegate " + String.join(", ", missing) + " to its children");
    if (!Files.isWritable(base)) return off("cgroup " + base + " is not writable by this user");
    return new Cgroups(base, "");
  }

  private static Cgroups off(String reason) {
    return new Cgroups(null, reason + ": CPU, memory and PID limits are not enforced");
  }

  boolean enabled() {
    return base != null;
  }

  /** One line: why limits are not enforced here (empty when they are). */
  String whyNot() {
    return whyNot;
  }

  /** Makes the VM's cgroup with the spec's limits (0 = no limit, PIDs {@value #DEFAULT_PIDS}). */
  Path create(String vm, VmSpec spec) throws VmException {
    Path group = base.resolve("hearth-" + vm);
    try {
      Files.createDirectory(group);
      if (spec.memoryMb() > 0) {
        write(group.resolve("memory.max"), Long.toString(spec.memoryMb() * 1024 * 1024));
        write(group.resolve("memory.swap.max"), "0");
      }
      if (spec.vcpus() > 0) write(group.resolve("cpu.max"), (spec.vcpus() * 100_000L) + " 100000");
      write(group.resolve("pids.max"), Integer.toString(DEFAULT_PIDS));
      return group;
    } catch (IOException e) {
      throw new VmException("vm=" + vm + ": cannot set up cgroup " + group + ": " + e.getMessage(), e);
    }
  }

  /** Moves {@code process} and its descendants into {@code group}. */
  static void join(Path group, ProcessHandle process) throws IOException {
    write(group.resolve("cgroup.procs"), Long.toString(process.pid()));
    for (ProcessHandle child : process.descendants().toList()) write(group.resolve("cgroup.procs"), Long.toString(child.pid()));
  }

  /** True when the kernel killed something in {@code group} for running out of memory. */
  static boolean oomKilled(Path group) {
    return read(group.resolve("memory.events")).orElse("").lines()
        .anyMatch(l -> l.startsWith("oom_kill ") && !l.equals("oom_kill 0"));
  }

  /** Removes the (empty) cgroup; its processes must be gone. */
  static void remove(Path group) {
    try {
      Files.deleteIfExists(group);
    } catch (IOException e) {
      // processes still leaving: the kernel refuses until they are gone; a later release sees it empty
    }
  }

  private static void write(Path file, String value) throws IOException {
    Files.writeString(file, value);
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.US_ASCII).trim());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
