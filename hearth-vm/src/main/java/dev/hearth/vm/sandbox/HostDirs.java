package dev.hearth.vm.sandbox;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/** Deletes a VM's host directory, also what the guest made read-only; never follows links. */
final class HostDirs {
  private HostDirs() {}

  static void delete(Path path) throws IOException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    }
    if (attrs.isDirectory()) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
      try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
        for (Path child : children) delete(child);
      }
    }
    Files.deleteIfExists(path);
  }
}
