package dev.hearth.vm.sandbox;

import dev.hearth.vm.probe.Guard;
import dev.hearth.vm.probe.HostSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Whether the sandbox provider works on this host: its programs are installed and bubblewrap can
 * make a user namespace (one {@code bwrap … true}, a few milliseconds); which limits cgroups allow.
 * Answers are cached for the life of the process.
 */
public final class SandboxProbe {
  private static final Supplier<HostSupport> CACHED = HostSupport.cached(SandboxProbe::probe);

  private SandboxProbe() {}

  /** The cached answer. */
  public static HostSupport support() {
    return CACHED.get();
  }

  private static HostSupport probe() {
    Tools tools = Tools.find();
    List<String> missing = tools.missingForAnyVm();
    if (!missing.isEmpty()) return HostSupport.broken("missing " + String.join(", ", missing));
    String failure = tryBwrap(tools);
    if (failure != null) return HostSupport.broken(failure);
    Set<Guard> guards = EnumSet.of(Guard.FILES, Guard.PROCESSES, Guard.NETWORK);
    List<String> notes = new ArrayList<>();
    if (!tools.missingForOutbound().isEmpty()) {
      notes.add("network outbound unavailable (missing " + String.join(", ", tools.missingForOutbound()) + "); only network none works");
    }
    Cgroups cgroups = Cgroups.detect();
    if (cgroups.enabled()) guards.addAll(EnumSet.of(Guard.CPU, Guard.MEMORY, Guard.PIDS));
    else notes.add(cgroups.whyNot());
    String network = tools.missingForOutbound().isEmpty() ? "slirp4netns" : "no outbound stack";
    return HostSupport.works("bubblewrap with user, mount, pid, ipc, uts and network namespaces; " + network, guards, notes);
  }

  /** Null when a bare sandbox runs {@code true}; otherwise why not, for a person. */
  private static String tryBwrap(Tools tools) {
    List<String> command = List.of(tools.bwrap().orElseThrow().toString(), "--unshare-user", "--unshare-pid",
        "--unshare-net", "--unshare-ipc", "--unshare-uts", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin",
        "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--proc", "/proc", "--dev", "/dev",
        "--", "/usr/bin/true");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "bwrap did not finish a bare sandbox within 10 s";
      }
      if (p.exitValue() == 0) return null;
      return "bwrap cannot make a sandbox here (exit " + p.exitValue() + "): " + said + userNamespaceHint();
    } catch (IOException e) {
      return "cannot run bwrap: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while probing bwrap";
    }
  }

  /** Why user namespaces may be off, from the kernel's switches; empty when none of them says so. */
  static String userNamespaceHint() {
    String max = read("/proc/sys/user/max_user_namespaces");
    if (max.equals("0")) return " (user namespaces are disabled: /proc/sys/user/max_user_namespaces is 0)";
    if (read("/proc/sys/kernel/unprivileged_userns_clone").equals("0")) {
      return " (unprivileged user namespaces are disabled: sysctl kernel.unprivileged_userns_clone=1 enables them)";
    }
    if (read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns").equals("1")) {
      return " (AppArmor restricts unprivileged user namespaces: kernel.apparmor_restrict_unprivileged_userns=1)";
    }
    return "";
  }

  /** True when this process's effective uid is 0: bubblewrap then makes the network namespace outside the user namespace. */
  static boolean runsAsRoot() {
    for (String line : read("/proc/self/status").split("\n")) {
      if (line.startsWith("Uid:")) return line.split("\\s+")[2].equals("0");
    }
    return false;
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      return "";
    }
  }
}
