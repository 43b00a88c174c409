package dev.hearth.vm.microvm.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The guest agent's C sources and the one way they are compiled, shared by the microVM image and the
 * sandbox: {@code hearth-agent.c} does what requests ask (commands, files, clock, reboot) and
 * {@code hearth-agent-wire.c} interprets every byte of the protocol as pure functions (the part the
 * fuzz harness runs under sanitizers on the host).
 */
public final class AgentSource {
  /** Every file of the agent, in the order their bytes enter a digest. */
  public static final List<String> FILES = List.of("hearth-agent.c", "hearth-agent-wire.c", "hearth-agent-wire.h");
  /** The translation units gcc links into the agent. */
  public static final List<String> UNITS = List.of("hearth-agent.c", "hearth-agent-wire.c");
  /** Static (it starts without a dynamic loader: in a sandbox and as a VM's PID 1). */
  public static final List<String> FLAGS = List.of("-static", "-O2", "-Wall");

  private AgentSource() {}

  /** The bytes of one of {@link #FILES}. */
  public static byte[] bytes(String name) {
    return ImageRecipe.source(name);
  }

  /** Adds every file's bytes and the flags to {@code digest}. */
  public static void digest(MessageDigest digest) {
    for (String name : FILES) digest.update(bytes(name));
    digest.update(String.join(" ", FLAGS).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Writes the sources into {@code dir} and returns the command that compiles them to {@code output}
   * with {@code gcc}.
   */
  public static List<String> writeCompileCommand(String gcc, Path dir, Path output) throws IOException {
    for (String name : FILES) Files.write(dir.resolve(name), bytes(name));
    List<String> command = new ArrayList<>(List.of(gcc));
    command.addAll(FLAGS);
    command.addAll(List.of("-o", output.toString()));
    for (String unit : UNITS) command.add(dir.resolve(unit).toString());
    return command;
  }
}
