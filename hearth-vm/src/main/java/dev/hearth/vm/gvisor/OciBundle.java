package dev.hearth.vm.gvisor;

import dev.hearth.vm.root.GuestEtc;
import dev.hearth.vm.root.GuestUser;
import dev.hearth.vm.root.SystemRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OCI bundle of one gVisor sandbox, laid out under the VM's host directory:
 *
 * <ul>
 *   <li>{@code bundle/rootfs}: the read-only root, a skeleton of {@link SystemRoot} (generated {@code
 *       /etc}, usrmerge links, mount points) with the host's system directories bound over it read-only;
 *   <li>{@code home}: the guest's {@code /home/runner}, bound read-write and owned by the runner user,
 *       holding the work directory {@code /home/runner/work};
 *   <li>{@code /tmp} is a tmpfs inside the sandbox; {@code /proc}, {@code /dev} and {@code /sys} are
 *       gVisor's own.
 * </ul>
 *
 * <p>The container's init is {@code sleep infinity} as guest root without capabilities: it only keeps
 * the sandbox alive between execs, and an unprivileged command cannot signal it.
 */
final class OciBundle {
  static final GuestUser USER = GuestUser.RUNNER;
  static final String WORK_DIR = USER.home() + "/work";
  /** Where the statx compatibility library appears in the guest, when there is one. */
  static final String COMPAT_DIR = "/.hearth";

  private final Path vmDir;

  OciBundle(Path vmDir) {
    this.vmDir = vmDir;
  }

  Path dir() {
    return vmDir.resolve("bundle");
  }

  /** The host side of the guest's home, which holds the work directory. */
  Path home() {
    return vmDir.resolve("home");
  }

  Path hostWorkDir() {
    return home().resolve("work");
  }

  /**
   * Writes the bundle: root skeleton, {@code config.json}, the home and work directories owned by the
   * runner user, and (with {@code compat}) an {@code /etc/ld.so.preload} naming the compatibility library.
   */
  void write(SystemRoot root, GuestEtc etc, String hostname, Optional<StatxCompat> compat, Limits limits) throws IOException {
    List<String> mountPoints = new ArrayList<>(List.of("/proc", "/dev", "/sys", "/tmp", USER.home()));
    compat.ifPresent(c -> mountPoints.add(COMPAT_DIR));
    Path rootfs = root.writeSkeleton(dir().resolve("rootfs"), etc, mountPoints);
    if (compat.isPresent()) Files.writeString(rootfs.resolve("etc/ld.so.preload"), compat.get().guestPath(COMPAT_DIR) + "\n");
    Files.createDirectories(hostWorkDir());
    for (Path dir : List.of(home(), hostWorkDir())) {
      Files.setAttribute(dir, "unix:uid", USER.uid());
      Files.setAttribute(dir, "unix:gid", USER.gid());
    }
    Files.writeString(dir().resolve("config.json"), Json.write(config(root, hostname, compat, limits)));
  }

  /**
   * What runsc enforces through the host's cgroups (the sandbox's own cgroup, named after the
   * container): memory (past it the kernel kills the whole sandbox) and a CPU quota. 0 means none.
   */
  record Limits(String cgroup, long memoryMb, int vcpus) {
    boolean any() {
      return memoryMb > 0 || vcpus > 0;
    }
  }

  private Map<String, Object> config(SystemRoot root, String hostname, Optional<StatxCompat> compat, Limits limits) {
    List<Object> mounts = new ArrayList<>();
    mounts.add(Map.of("destination", "/proc", "type", "proc", "source", "proc"));
    mounts.add(Map.of("destination", "/dev", "type", "tmpfs", "source", "tmpfs"));
    mounts.add(Map.of("destination", "/sys", "type", "sysfs", "source", "sysfs", "options", List.of("nosuid", "noexec", "nodev", "ro")));
    mounts.add(Map.of("destination", "/tmp", "type", "tmpfs", "source", "tmpfs", "options", List.of("mode=1777")));
    for (SystemRoot.HostBind bind : root.binds()) mounts.add(bind(bind.host(), bind.guest(), "ro"));
    mounts.add(bind(home(), USER.home(), "rw"));
    compat.ifPresent(c -> mounts.add(bind(c.dir(), COMPAT_DIR, "ro")));

    Map<String, Object> process = new LinkedHashMap<>();
    process.put("user", Map.of("uid", 0, "gid", 0));
    process.put("args", List.of("/usr/bin/sleep", "infinity"));
    process.put("env", List.of("PATH=/usr/bin:/bin"));
    process.put("cwd", "/");
    process.put("capabilities", Map.of());
    process.put("noNewPrivileges", true);

    Map<String, Object> linux = new LinkedHashMap<>();
    linux.put("namespaces", List.of(Map.of("type", "pid"), Map.of("type", "network"), Map.of("type", "ipc"),
        Map.of("type", "uts"), Map.of("type", "mount")));
    if (limits.any()) {
      Map<String, Object> resources = new LinkedHashMap<>();
      if (limits.memoryMb() > 0) resources.put("memory", Map.of("limit", limits.memoryMb() << 20));
      if (limits.vcpus() > 0) resources.put("cpu", Map.of("quota", limits.vcpus() * 100_000L, "period", 100_000L));
      linux.put("resources", resources);
      linux.put("cgroupsPath", "/" + limits.cgroup());
    }

    Map<String, Object> config = new LinkedHashMap<>();
    config.put("ociVersion", "1.0.0");
    config.put("process", process);
    config.put("root", Map.of("path", "rootfs", "readonly", true));
    config.put("hostname", hostname);
    config.put("mounts", mounts);
    config.put("linux", linux);
    return config;
  }

  private static Map<String, Object> bind(Path host, String guest, String mode) {
    return Map.of("destination", guest, "type", "bind", "source", host.toString(), "options", List.of("rbind", mode));
  }

  /**
   * The spec of one command run with {@code runsc exec --process}: as the runner user, without
   * capabilities, from {@code /}; {@code args} carry the environment and working directory (see {@link GvisorVm}).
   */
  static String process(List<String> args) {
    Map<String, Object> process = new LinkedHashMap<>();
    process.put("user", Map.of("uid", USER.uid(), "gid", USER.gid()));
    process.put("args", args);
    process.put("env", List.of());
    process.put("cwd", "/");
    process.put("capabilities", Map.of());
    process.put("noNewPrivileges", true);
    return Json.write(process);
  }
}
