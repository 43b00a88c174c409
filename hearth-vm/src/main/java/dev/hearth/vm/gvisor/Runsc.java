package dev.hearth.vm.gvisor;

import dev.hearth.vm.VmException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code runsc} binary and the global flags every call of one provider shares: its state
 * directory ({@code --root}), the ptrace platform, and the network mode of the sandbox in question.
 *
 * <p>runsc keeps container state under {@code --root}, but names each sandbox's control socket after
 * the container id in the host's abstract socket space, so container ids must be unique on the host,
 * not just under one root.
 */
record Runsc(Path binary, Path stateRoot) {
  /** What users install when runsc is missing. */
  static final String INSTALL_HINT = "install the Debian package runsc (apt-get install runsc)";

  /** The network a sandbox is made with. */
  enum Network {
    /** gVisor's own network stack on the interfaces of the sandbox's network namespace. */
    SANDBOX("sandbox"),
    /** Loopback only. */
    NONE("none");

    final String flag;

    Network(String flag) {
      this.flag = flag;
    }
  }

  /** runsc on {@code PATH} (or in /usr/sbin, /usr/bin), if installed. */
  static Optional<Path> find() {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/usr/local/bin"));
    for (String dir : dirs) {
      if (dir.isEmpty()) continue;
      Path candidate = Path.of(dir, "runsc");
      if (Files.isExecutable(candidate)) return Optional.of(candidate);
    }
    return Optional.empty();
  }

  /** {@code runsc --root … --platform=ptrace --network=… <args>}. */
  List<String> command(Network network, String... args) {
    return command(network, List.of(args));
  }

  List<String> command(Network network, List<String> args) {
    return command(network, true, args);
  }

  /**
   * The same, for the command that makes a sandbox: without {@code cgroups} ({@code --ignore-cgroups})
   * runsc neither creates nor joins nor leaves a cgroup in each of the host's hierarchies for it,
   * which costs ~30–40 ms of a cold start; only for sandboxes that have no limits to enforce.
   */
  List<String> command(Network network, boolean cgroups, List<String> args) {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--root", stateRoot.toString(), "--platform=ptrace",
        "--network=" + network.flag));
    if (!cgroups) command.add("--ignore-cgroups");
    command.addAll(args);
    return command;
  }

  /**
   * Runs a short runsc command (create, start, delete, state) and returns its output; throws naming
   * {@code vm} and {@code doing} with runsc's own words when it fails or takes longer than {@code limit}.
   * Standard input and output are not pipes the command's children could hold: stdout goes to {@code
   * log} with stderr, which is read back afterwards (a pipe would stay open as long as the sandbox lives).
   */
  static String run(String vm, String doing, List<String> command, Path log, Duration limit)
      throws VmException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(log.toFile())
        .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new VmException("vm=" + vm + ": cannot " + doing + ": cannot start " + command.get(0) + ": " + e.getMessage(), e);
    }
    try {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new VmException("vm=" + vm + ": cannot " + doing + ": runsc did not finish within " + limit.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      throw e;
    }
    String said = read(log);
    if (process.exitValue() != 0) {
      throw new VmException("vm=" + vm + ": cannot " + doing + ": runsc exited with " + process.exitValue() + ": " + said);
    }
    return said;
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}
