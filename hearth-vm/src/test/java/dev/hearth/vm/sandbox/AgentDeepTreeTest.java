package dev.hearth.vm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real guest agent answering a GET of a tree 1,500 directories deep with every entry and END.
 * Its walk once took 12 KiB of stack per level and died of a stack overflow (SIGSEGV) near level 990
 * under the usual 8 MiB limit, which in a microVM is the death of PID 1. The agent runs under bwrap without capabilities, in its own user
 * namespace (it never runs bare on a host: as root its SHUTDOWN would reboot it), and reads the tree
 * this test made on the host through a read-only bind of /.
 */
@Timeout(120)
class AgentDeepTreeTest {
  private static final int DEPTH = 1500;

  @TempDir Path temp;

  @Test
  void anAgentAnswersAGetOfATree1500DirectoriesDeepToItsEnd() throws Exception {
    assumeTrue(SandboxVmProvider.probe().works(), "sandbox provider cannot run here: " + SandboxVmProvider.probe().why());
    Tools tools = Tools.find();
    AgentBinary agent = AgentBinary.prepare(tools);
    Path deepest = temp.resolve("deep").resolve(String.join("/", Collections.nCopies(DEPTH, "a")));
    // mkdir and rm: Java's Files resolve every parent of every level, minutes at this depth on a loaded machine
    assertThat(new ProcessBuilder("mkdir", "-p", deepest.toString()).inheritIO().start().waitFor()).isZero();
    Files.writeString(deepest.resolve("leaf"), "leaf\n");
    Process bwrap = new ProcessBuilder(tools.bwrap().orElseThrow().toString(), "--unshare-all", "--cap-drop", "ALL",
        "--die-with-parent", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--", agent.path().toString(), "--stdio")
        .redirectError(temp.resolve("stderr").toFile()).start();
    // raw frames, not GuestAgent.copyOut: the host's TreeDownload takes minutes over 1,500 levels
    try (DataInputStream in = new DataInputStream(bwrap.getInputStream()); DataOutputStream out = new DataOutputStream(bwrap.getOutputStream())) {
      assertThat(next(in).type()).as("HELLO").isEqualTo(0x80);
      byte[] root = temp.resolve("deep").toString().getBytes(StandardCharsets.UTF_8);
      out.writeInt(4 + root.length);
      out.writeByte(0x0B); // GET
      out.writeInt(7);
      out.writeInt(root.length);
      out.write(root);
      out.flush();
      int entries = 0;
      Received frame;
      while ((frame = next(in)).type() == 0x87 || frame.type() == 0x88) {
        if (frame.type() == 0x87) entries++;
      }
      assertThat(frame.type()).as("the GET's end (0x89), after %d entries: %s", entries, frame).isEqualTo(0x89);
      assertThat(entries).as("directories and the leaf").isEqualTo(DEPTH + 2);
    } finally {
      bwrap.destroyForcibly().waitFor();
      new ProcessBuilder("rm", "-rf", temp.resolve("deep").toString()).inheritIO().start().waitFor();
    }
    assertThat(List.of(Files.readString(temp.resolve("stderr")))).as("what bwrap and the agent said").containsExactly("");
  }

  private record Received(int type, String text) {}

  /** The next frame; type -1 when the channel ended (the agent died). */
  private static Received next(DataInputStream in) throws IOException {
    try {
      int length = in.readInt();
      int type = in.readUnsignedByte();
      in.readInt();
      byte[] payload = in.readNBytes(length);
      return new Received(type, new String(payload, StandardCharsets.UTF_8));
    } catch (EOFException e) {
      return new Received(-1, "the channel closed: the agent died");
    }
  }
}
