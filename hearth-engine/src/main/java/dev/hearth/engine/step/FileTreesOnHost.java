package dev.hearth.engine.step;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting the host-side temporary directories of action steps. */
final class FileTreesOnHost {
  private FileTreesOnHost() {}

  static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // a leftover temp directory is harmless
    }
  }
}
