package dev.hearth.workflow.expr;

import dev.hearth.workflow.expr.Expr.Call;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * GitHub's {@code hashFiles(pattern, …)}: the files under the workspace matched by the patterns
 * (glob syntax of {@code @actions/glob}: {@code *}, {@code ?}, {@code [..]}, {@code **}; a
 * leading {@code !} excludes; later patterns override earlier ones; a pattern naming a directory
 * matches everything beneath it), sorted by path, each hashed with SHA-256; the result is the
 * hex SHA-256 of those digests concatenated, or '' when no file matches. Symbolic links are
 * followed; files outside the workspace are never read.
 */
final class HashFiles {
  private HashFiles() {}

  static String hash(Optional<Path> workspace, List<Value> args, Call at)
      throws ExpressionException {
    if (workspace.isEmpty()) {
      throw Evaluator.error("hashFiles needs a workspace directory, and this evaluation has none", at);
    }
    Path root = workspace.get().toAbsolutePath().normalize();
    List<Glob> globs = new ArrayList<>();
    for (Value arg : args) {
      for (String line : Coercion.toStr(arg).split("\n")) {
        Glob.parse(line, root).ifPresent(globs::add);
      }
    }
    try {
      List<String> files = matchingFiles(root, globs);
      if (files.isEmpty()) {
        return "";
      }
      MessageDigest all = sha256();
      for (String rel : files) {
        all.update(digest(root.resolve(rel)));
      }
      return HexFormat.of().formatHex(all.digest());
    } catch (IOException e) {
      throw Evaluator.error("hashFiles could not read the workspace " + root + ": " + e.getMessage(), at);
    }
  }

  private static List<String> matchingFiles(Path root, List<Glob> globs) throws IOException {
    List<String> files = new ArrayList<>();
    if (globs.isEmpty() || !Files.isDirectory(root)) {
      return files;
    }
    Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String rel = root.relativize(file).toString().replace('\\', '/');
            if (attrs.isRegularFile() && Glob.matchesAll(globs, rel)) {
              files.add(rel);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) {
            return FileVisitResult.CONTINUE; // unreadable entries and link loops are skipped
          }
        });
    files.sort(String::compareTo);
    return files;
  }

  private static byte[] digest(Path file) throws IOException {
    MessageDigest md = sha256();
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        md.update(buf, 0, n);
      }
    }
    return md.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
