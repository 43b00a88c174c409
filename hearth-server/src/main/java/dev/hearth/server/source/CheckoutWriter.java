package dev.hearth.server.source;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a checkout of one commit from a bare mirror with a single git process: the checkout's
 * {@code .git} is laid out here as git's repository layout documents it (HEAD and the refs as
 * {@code actions/checkout} leaves them, see {@link CheckoutRefs}; {@code origin} the repository's URL, the mirror's object files hard-linked, or copied across file
 * systems, as {@code git clone --local} does), then {@code git read-tree --reset -u} fills the index
 * and the working tree. The result is self-contained (no alternates): a VM that gets a copy of it can
 * run git in it.
 */
final class CheckoutWriter {
  private static final long READ_TREE_TIMEOUT_SECONDS = 600;

  private final Git git;

  CheckoutWriter(Git git) {
    this.git = git;
  }

  /**
   * Lays out {@code into}'s {@code .git} (which must not exist yet) at {@code sha} with {@code refs}
   * and the objects of {@code mirror}; origin is {@code url}. The caller holds the mirror still (no fetch meanwhile).
   */
  void layOut(Path mirror, String url, String sha, CheckoutRefs refs, Path into) throws SourceException {
    Path dotGit = into.resolve(".git");
    try {
      Files.createDirectories(into.getParent());
      Files.createDirectory(into);
      Files.createDirectories(dotGit.resolve("refs/heads"));
      Files.createDirectories(dotGit.resolve("refs/tags"));
      Files.writeString(dotGit.resolve("HEAD"), refs.head(sha));
      String packed = refs.packedRefs();
      if (packed != null) Files.writeString(dotGit.resolve("packed-refs"), packed);
      Files.writeString(dotGit.resolve("config"), config(url) + refs.branchConfig());
      linkTree(mirror.resolve("objects"), dotGit.resolve("objects"));
    } catch (FileAlreadyExistsException e) {
      throw new SourceException("cannot check out " + sha + " into " + into + ": it already exists", e);
    } catch (IOException e) {
      throw new SourceException("cannot lay out the checkout " + into + " of " + sha + ": " + e, e);
    }
  }

  /** Fills the index and the working tree of a checkout laid out at {@code sha}; the mirror may be fetched meanwhile. */
  void readTree(String sha, Path into) throws SourceException {
    Git.Result read = git.run(into, READ_TREE_TIMEOUT_SECONDS, "read-tree", "--reset", "-u", sha);
    if (!read.ok()) throw new SourceException("git read-tree of " + sha + " into " + into + " failed: " + Mirrors.lastLine(read.err()));
  }

  private static String config(String url) {
    // The URL is written as a quoted git config value: backslashes and quotes escaped.
    String quoted = url.replace("\\", "\\\\").replace("\"", "\\\"");
    return String.join("\n", List.of(
        "[core]",
        "\trepositoryformatversion = 0",
        "\tfilemode = true",
        "\tbare = false",
        "\tlogallrefupdates = true",
        "[remote \"origin\"]",
        "\turl = \"" + quoted + "\"",
        "\tfetch = +refs/heads/*:refs/remotes/origin/*",
        ""));
  }

  /** Mirrors {@code from}'s directories into {@code to}, each file a hard link (a copy where links fail). */
  private static void linkTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : (Iterable<Path>) walk::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (Files.isRegularFile(source)) {
          try {
            Files.createLink(target, source);
          } catch (UnsupportedOperationException | IOException e) {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
  }
}
