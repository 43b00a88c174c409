package dev.hearth.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the workflow files a user means by a path: a file is itself; a directory means the
 * workflows under every {@code .github/workflows} folder beneath it, or, when it has none, the
 * {@code .yml}/{@code .yaml} files directly inside it.
 */
final class WorkflowFiles {
  private WorkflowFiles() {}

  static List<Path> discover(List<Path> paths) throws NoSuchFileException {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isRegularFile(p)) {
        files.add(p);
      } else if (Files.isDirectory(p)) {
        List<Path> found = underWorkflowFolders(p);
        files.addAll(found.isEmpty() ? yamlFilesIn(p) : found);
      } else {
        throw new NoSuchFileException(p.toString(), null, "no such file or directory");
      }
    }
    return files;
  }

  /** The files {@code -W PATH} names, or without it those of the checkout {@code dir}. */
  static List<Path> of(Path dir, Path workflows) throws NoSuchFileException {
    return workflows != null ? discover(List.of(workflows)) : ofRepository(dir);
  }

  /** The workflow files of one repository checkout: {@code DIR/.github/workflows/*.y(a)ml}. */
  static List<Path> ofRepository(Path repo) {
    Path dir = repo.resolve(".github").resolve("workflows");
    return Files.isDirectory(dir) ? yamlFilesIn(dir) : List.of();
  }

  private static List<Path> underWorkflowFolders(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(f -> isYaml(f) && f.getParent().endsWith(Path.of(".github", "workflows")))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + root + ": " + e.getMessage(), e);
    }
  }

  private static List<Path> yamlFilesIn(Path dir) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(f -> Files.isRegularFile(f) && isYaml(f)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + dir + ": " + e.getMessage(), e);
    }
  }

  private static boolean isYaml(Path f) {
    String name = f.getFileName().toString();
    return name.endsWith(".yml") || name.endsWith(".yaml");
  }
}
