package dev.hearth.vm.sandbox;

import dev.hearth.vm.VmException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The guest agent every sandbox runs as its init: Hearth's {@code hearth-agent.c} (the microVM's
 * agent, started with {@code --stdio}), compiled once with {@code gcc -static} and kept in the
 * {@link UserCache} under {@code sandbox-agent/<digest of source and flags>/}, so a changed source is
 * rebuilt and an unchanged one never is. Static, so it starts without the dynamic
 * loader.
 *
 * @param path the compiled agent on the host, bound read-only into each sandbox
 */
record AgentBinary(Path path) {
  static final String SOURCE = "/dev/hearth/vm/microvm/image/hearth-agent.c";
  private static final List<String> FLAGS = List.of("-static", "-O2", "-Wall");

  /** The cached agent, built now when missing. */
  static AgentBinary prepare(Tools tools) throws VmException, InterruptedException {
    byte[] source = source();
    Path dir = UserCache.dir("sandbox-agent").resolve(digest(source));
    Path agent = dir.resolve("hearth-agent");
    if (Files.isRegularFile(agent) && Files.isExecutable(agent)) return new AgentBinary(agent);
    Path gcc = tools.gcc().orElseThrow(() -> new VmException("provider sandbox: gcc (Debian packages gcc and libc6-dev) "
        + "is needed to build its guest agent from " + SOURCE));
    try {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path c = Files.createTempFile(dir, "hearth-agent", ".c");
      Path built = Files.createTempFile(dir, "hearth-agent", ".out");
      try {
        Files.write(c, source);
        List<String> command = new ArrayList<>(List.of(gcc.toString()));
        command.addAll(FLAGS);
        command.addAll(List.of("-o", built.toString(), c.toString()));
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
        Files.deleteIfExists(c);
        Files.deleteIfExists(built);
      }
      return new AgentBinary(agent);
    } catch (IOException e) {
      throw new VmException("provider sandbox: cannot build its guest agent in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static byte[] source() throws VmException {
    try (InputStream in = AgentBinary.class.getResourceAsStream(SOURCE)) {
      if (in == null) throw new VmException("provider sandbox: the guest agent's source " + SOURCE + " is missing from the class path");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new VmException("provider sandbox: cannot read the guest agent's source " + SOURCE + ": " + e.getMessage(), e);
    }
  }

  private static String digest(byte[] source) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(source);
      sha.update(String.join(" ", FLAGS).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
