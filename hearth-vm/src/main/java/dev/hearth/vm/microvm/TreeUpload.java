package dev.hearth.vm.microvm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;

/**
 * Sends a host file or tree to the agent as PUT_ENTRY / PUT_DATA frames (directories before their
 * contents; the agent applies directory modes last, so read-only directories can be filled).
 * Symbolic links are sent as links, never followed; other special files are skipped.
 */
final class TreeUpload {
  /** Sends frames for one request id. */
  interface Sender {
    void send(int type, byte[] payload) throws IOException;
  }

  private static final int CHUNK = 256 * 1024;

  private TreeUpload() {}

  static void send(Path source, Sender out) throws IOException {
    Files.walkFileTree(source, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        entry(out, 'd', mode(dir), relative(source, dir), "");
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isSymbolicLink()) {
          entry(out, 'l', 0777, relative(source, file), Files.readSymbolicLink(file).toString());
        } else if (attrs.isRegularFile()) {
          entry(out, 'f', mode(file), relative(source, file), "");
          try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = in.readNBytes(buffer, 0, CHUNK)) > 0) out.send(Frame.PUT_DATA, Arrays.copyOf(buffer, n));
          }
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void entry(Sender out, char kind, int mode, String relative, String target) throws IOException {
    out.send(Frame.PUT_ENTRY, new PayloadWriter().u8(kind).u32(mode).string(relative).string(target).bytes());
  }

  private static String relative(Path root, Path path) {
    return root.relativize(path).toString();
  }

  static int mode(Path path) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    int mode = 0;
    for (PosixFilePermission p : perms) mode |= 1 << (8 - p.ordinal());
    return mode;
  }
}
