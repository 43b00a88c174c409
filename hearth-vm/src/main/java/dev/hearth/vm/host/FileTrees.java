package dev.hearth.vm.host;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Copies and deletes directory trees without following symbolic links. Stateless. */
final class FileTrees {
  private static final Set<PosixFilePermission> OWNER_ALL = PosixFilePermissions.fromString("rwx------");

  private FileTrees() {}

  /**
   * Copies {@code source} (a file, a symbolic link or a directory tree) to {@code target}, which
   * becomes the copy: files and links are replaced, directories merged. Permissions and modification
   * times are kept; symbolic links are copied as links, never followed. Missing parents are created.
   */
  static void copy(Path source, Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) Files.createDirectories(parent);
    BasicFileAttributes attrs = Files.readAttributes(source, BasicFileAttributes.class, NOFOLLOW_LINKS);
    if (!attrs.isDirectory()) { // one file or link: the common case of a step's file commands
      copyEntry(source, target, attrs);
      return;
    }
    Files.walkFileTree(source, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            Path to = target.resolve(source.relativize(dir).toString());
            if (!Files.isDirectory(to, NOFOLLOW_LINKS)) {
              Files.deleteIfExists(to);
              Files.createDirectory(to);
            }
            Files.setPosixFilePermissions(to, OWNER_ALL); // writable until its children are in
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            copyEntry(file, target.resolve(source.relativize(file).toString()), attrs);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
            if (failure != null) throw failure;
            Path to = target.resolve(source.relativize(dir).toString());
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(dir, NOFOLLOW_LINKS));
            Files.setLastModifiedTime(to, Files.getLastModifiedTime(dir, NOFOLLOW_LINKS));
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void copyEntry(Path from, Path to, BasicFileAttributes attrs) throws IOException {
    if (Files.isDirectory(to, NOFOLLOW_LINKS)) delete(to);
    if (attrs.isSymbolicLink()) {
      Files.deleteIfExists(to);
      Files.createSymbolicLink(to, Files.readSymbolicLink(from));
    } else {
      Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING, NOFOLLOW_LINKS);
    }
  }

  /**
   * Deletes {@code path} and everything beneath it, also directories without write or search
   * permission (made accessible first). Symbolic links are removed, never followed. A missing path
   * is not an error. Written as a recursion rather than a walkFileTree because the walker opens a
   * directory before the visitor could make it readable.
   */
  static void delete(Path path) throws IOException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return;
    }
    if (attrs.isDirectory()) {
      Files.setPosixFilePermissions(path, OWNER_ALL);
      try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
        for (Path child : children) delete(child);
      }
    }
    Files.deleteIfExists(path);
  }
}
