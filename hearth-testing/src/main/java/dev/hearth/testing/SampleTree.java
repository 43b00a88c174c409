package dev.hearth.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A small host directory tree for copy tests: files with different modes, an executable script, an
 * empty directory, a read-only directory with a read-only file, a deep file, and symbolic links: to a
 * file, to a directory and dangling (absolute, pointing nowhere).
 */
final class SampleTree {
  /** The entries whose modes a copy must keep (the link is checked separately). */
  static final List<String> ENTRIES = List.of("a.txt", "bin", "bin/run.sh", "secret", "ro", "ro/f", "empty", "deep/er/still/leaf");

  private SampleTree() {}

  /** Makes the tree at {@code root}, which must not exist. */
  static Path create(Path root) throws IOException {
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("empty"));
    Files.createDirectories(root.resolve("ro"));
    write(root.resolve("a.txt"), "alpha\n", "rw-r--r--");
    write(root.resolve("bin/run.sh"), "#!/bin/sh\necho ran\n", "rwxr-xr-x");
    write(root.resolve("secret"), "s\n", "rw-------");
    write(root.resolve("ro/f"), "read only\n", "r--r--r--");
    Files.setPosixFilePermissions(root.resolve("ro"), PosixFilePermissions.fromString("r-xr-xr-x"));
    Files.createSymbolicLink(root.resolve("link"), Path.of("a.txt"));
    Files.createSymbolicLink(root.resolve("dirlink"), Path.of("bin"));
    Files.createSymbolicLink(root.resolve("dangling"), Path.of("/nonexistent/hearth-sample"));
    Files.createDirectories(root.resolve("deep/er/still"));
    write(root.resolve("deep/er/still/leaf"), "leaf\n", "rw-r-----");
    return root;
  }

  private static void write(Path file, String content, String mode) throws IOException {
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
  }

  /** The mode of {@code entry} under {@code root}, as {@code rwxr-xr-x}. */
  static String mode(Path root, String entry) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(entry)));
  }

  /** Makes the read-only directory of a tree (or of its copy) writable again, so it can be deleted. */
  static void unlock(Path root) throws IOException {
    if (Files.isDirectory(root.resolve("ro"))) {
      Files.setPosixFilePermissions(root.resolve("ro"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }
}
