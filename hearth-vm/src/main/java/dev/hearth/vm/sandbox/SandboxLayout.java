package dev.hearth.vm.sandbox;

import dev.hearth.vm.root.GuestUser;
import dev.hearth.vm.root.SystemRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a sandbox VM's files live on the host and in the guest. The VM's host directory holds its
 * generated {@code etc/}, its {@code home/} (the guest's {@code /home/runner}, with the work directory
 * {@code work/} in it) and its {@code tmp/} (the guest's {@code /tmp}); everything else the guest sees
 * is the read-only {@link SystemRoot}.
 */
record SandboxLayout(Path hostDir, GuestUser user) {
  static final String WORK = "work";

  /** The guest's work directory, {@code /home/runner/work}. */
  String workDir() {
    return user.home() + "/" + WORK;
  }

  Path etc() {
    return hostDir.resolve("etc");
  }

  Path home() {
    return hostDir.resolve("home");
  }

  Path tmp() {
    return hostDir.resolve("tmp");
  }

  /** Where bwrap's and the agent's stderr go (they write only when something fails). */
  Path stderr() {
    return hostDir.resolve("sandbox.log");
  }

  /**
   * Makes the host directory (mode 0700) and its parts, and writes the VM's own {@code /etc} files
   * (by name; the rest of {@code /etc} is the provider's {@link SharedEtc}).
   */
  void create(Map<String, String> ownEtc) throws IOException {
    Files.createDirectory(hostDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Files.createDirectories(home().resolve(WORK));
    Files.createDirectories(tmp());
    Files.setPosixFilePermissions(tmp(), PosixFilePermissions.fromString("rwx------")); // one user in the guest
    Files.createDirectory(etc());
    for (Map.Entry<String, String> file : ownEtc.entrySet()) {
      Path path = etc().resolve(file.getKey());
      Files.writeString(path, file.getValue());
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  /**
   * The host path a guest path is kept at, when it lies in the VM's writable directories (home and
   * {@code /tmp}); empty for the read-only root. Relative paths are taken from the work directory.
   */
  Optional<Path> hostPathOf(String guestPath) {
    String path = guestPath.startsWith("/") ? guestPath : workDir() + "/" + guestPath;
    String normal = Path.of(path).normalize().toString();
    if (normal.equals(user.home()) || normal.startsWith(user.home() + "/")) {
      return Optional.of(home().resolve(normal.substring(user.home().length()).replaceFirst("^/", "")));
    }
    if (normal.equals("/tmp") || normal.startsWith("/tmp/")) return Optional.of(tmp().resolve(normal.substring(4).replaceFirst("^/", "")));
    return Optional.empty();
  }

  /** The guest path for a possibly relative {@code guestPath}: relative ones are taken from the work directory. */
  String absolute(String guestPath) {
    return guestPath.startsWith("/") ? guestPath : workDir() + "/" + guestPath;
  }

  /** Where the guest agent is bound in the guest (read-only; the sandbox's command). */
  static final String AGENT = "/.hearth/agent";

  /**
   * bubblewrap's arguments for this VM: namespaces, the root outside {@code /etc}, the shared {@code
   * /etc} with the VM's own files over it, home, {@code /tmp} and the guest agent at {@link #AGENT}.
   */
  List<String> bwrapArguments(SystemRoot root, SharedEtc etc, Set<String> ownEtc, String hostname, AgentBinary agent) {
    List<String> args = new ArrayList<>(List.of("--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
        "--unshare-net", "--unshare-cgroup-try", "--new-session", "--cap-drop", "ALL",
        "--uid", Integer.toString(user.uid()), "--gid", Integer.toString(user.gid()), "--hostname", hostname));
    for (SystemRoot.HostBind bind : root.binds()) args.addAll(List.of("--ro-bind", bind.host().toString(), bind.guest()));
    root.symlinks().forEach((guest, target) -> args.addAll(List.of("--symlink", target, guest)));
    args.addAll(List.of("--ro-bind", etc.dir().toString(), "/etc"));
    for (String name : ownEtc) args.addAll(List.of("--ro-bind", etc().resolve(name).toString(), "/etc/" + name));
    args.addAll(List.of("--ro-bind", agent.path().toString(), AGENT));
    args.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--bind", home().toString(), user.home(),
        "--bind", tmp().toString(), "/tmp", "--chdir", workDir(), "--remount-ro", "/", "--clearenv"));
    return args;
  }
}
