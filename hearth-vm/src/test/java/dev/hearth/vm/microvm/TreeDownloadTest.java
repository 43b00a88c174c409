package dev.hearth.vm.microvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A GET answer written under a host target: what a hostile guest's answer must not reach. */
class TreeDownloadTest {
  @TempDir Path tmp;

  /** An ENTRY frame's payload as the agent sends it: kind, mode, path, link target. */
  private static Frame entry(char kind, int mode, String path, String link) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(kind);
    b.writeBytes(ByteBuffer.allocate(4).putInt(mode).array());
    for (String s : new String[] {path, link}) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      b.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
      b.writeBytes(bytes);
    }
    return new Frame(Frame.ENTRY, 1, b.toByteArray());
  }

  @Test
  void aTreeWithALinkIsWrittenAsSent() throws Exception {
    Path target = tmp.resolve("out");
    try (TreeDownload d = new TreeDownload(target)) {
      d.accept(entry('d', 0755, "", ""));
      d.accept(entry('f', 0644, "a.txt", ""));
      d.accept(new Frame(Frame.DATA, 1, "hello".getBytes(StandardCharsets.UTF_8)));
      d.accept(entry('l', 0777, "link", "a.txt"));
      d.finish();
    }
    assertThat(target.resolve("a.txt")).hasContent("hello");
    assertThat(Files.readSymbolicLink(target.resolve("link"))).isEqualTo(Path.of("a.txt"));
  }

  @Test
  void anEntryUnderALinkTheCopyMadeIsRefusedAndNothingIsWrittenOutside() throws Exception {
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    Path target = tmp.resolve("out");
    try (TreeDownload d = new TreeDownload(target)) {
      d.accept(entry('d', 0755, "", ""));
      d.accept(entry('l', 0777, "a", outside.toString()));
      assertThatThrownBy(() -> d.accept(entry('f', 0644, "a/x", ""))).isInstanceOf(MalformedFrameException.class)
          .hasMessageContaining("'a/x' goes through the symbolic link 'a'");
      assertThatThrownBy(() -> d.accept(entry('d', 0777, "a/sub", ""))).isInstanceOf(MalformedFrameException.class);
    }
    try (var left = Files.list(outside)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aDirectoryReplacedByALinkDoesNotPassItsModeToWhatTheLinkPointsAt() throws Exception {
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    String before = Files.getPosixFilePermissions(outside).toString();
    Path target = tmp.resolve("out");
    try (TreeDownload d = new TreeDownload(target)) {
      d.accept(entry('d', 0755, "", ""));
      d.accept(entry('d', 0777, "sub", ""));
      d.accept(entry('l', 0777, "sub", outside.toString()));
      d.finish();
    }
    assertThat(Files.getPosixFilePermissions(outside)).hasToString(before);
  }
}
