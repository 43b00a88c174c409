package dev.hearth.vm.sandbox;

import dev.hearth.vm.VmException;
import dev.hearth.vm.microvm.image.AgentSource;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The guest agent every sandbox runs as its init: Hearth's {@code hearth-agent.c} (the microVM's
 * agent, started with {@code --stdio}; sources and flags in {@link AgentSource}), compiled once with
 * {@code gcc -static} and kept in the {@link UserCache} under
 * {@code sandbox-agent/<digest of sources and flags>/}, so a changed source is rebuilt and an
 * unchanged one never is. Static, so it starts without the dynamic loader.
 *
 * @param path the compiled agent on the host, bound read-only into each sandbox
 */
record AgentBinary(Path path) {
  static final String SOURCE = "/dev/hearth/vm/microvm/image/hearth-agent.c";

  /** The cached agent, built now when missing. */
  static AgentBinary prepare(Tools tools) throws VmException, InterruptedException {
    Path dir = UserCache.dir("sandbox-agent").resolve(digest());
    Path agent = dir.resolve("hearth-agent");
    if (Files.isRegularFile(agent) && Files.isExecutable(agent)) return new AgentBinary(agent);
    Path gcc = tools.gcc().orElseThrow(() -> new VmException("provider sandbox: gcc (Debian packages gcc and libc6-dev) "
        + "is needed to build its guest agent from " + SOURCE));
    try {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path sources = Files.createTempDirectory(dir, "src");
      Path built = Files.createTempFile(dir, "hearth-agent", ".out");
      try {
        List<String> command = AgentSource.writeCompileCommand(gcc.toString(), sources, built);
        Process cc = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true).start();
        String said = new String(cc.getInputStream().readAllBytes()).trim();
        if (!cc.waitFor(120, TimeUnit.SECONDS) || cc.exitValue() != 0) {
          cc.destroyForcibly();
          throw new VmException("provider sandbox: cannot build its guest agent with " + String.join(" ", command)
              + " (static linking needs Debian package libc6-dev): " + said);
        }
        Files.setPosixFilePermissions(built, PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.move(built, agent, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        for (String name : AgentSource.FILES) Files.deleteIfExists(sources.resolve(name));
        Files.deleteIfExists(sources);
        Files.deleteIfExists(built);
      }
      return new AgentBinary(agent);
    } catch (IOException | IllegalStateException e) {
      throw new VmException("provider sandbox: cannot build its guest agent in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String digest() throws VmException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      AgentSource.digest(sha);
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    } catch (IllegalStateException e) {
      throw new VmException("provider sandbox: cannot read the guest agent's sources from the class path: " + e.getMessage(), e);
    }
  }
}
