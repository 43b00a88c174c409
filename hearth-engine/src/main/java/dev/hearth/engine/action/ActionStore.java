package dev.hearth.engine.action;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote actions on the host, shared by every run: each repository's files at a commit, and which
 * commit each fetched ref resolved to. Filled only by {@link #fetch} (a real {@code git clone});
 * runs read it and never touch the network. Thread-safe and safe for several processes: entries
 * appear by atomic rename.
 *
 * <p>Layout under the root: {@code repos/<owner>/<repo>/<commit>/} (the files, without {@code .git})
 * and {@code refs/<owner>/<repo>/<ref, URL-encoded>} (the commit, one line).
 */
public final class ActionStore implements ActionSource {
  private static final Logger LOG = LoggerFactory.getLogger(ActionStore.class);
  /** Where {@code hearth actions fetch} clones from unless told otherwise. */
  public static final String GITHUB = "https://github.com";
  private static final Duration GIT_TIMEOUT = Duration.ofMinutes(10);

  private final Path root;

  public ActionStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** The store's default place: {@code $XDG_CACHE_HOME/hearth/actions}, else {@code ~/.cache/hearth/actions}. */
  public static Path defaultRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return cache.resolve("hearth").resolve("actions");
  }

  @Override
  public Optional<Path> repository(ActionReference.Remote ref) {
    Path refFile = refFile(ref.owner(), ref.repo(), ref.ref());
    try {
      if (!Files.isRegularFile(refFile)) return Optional.empty();
      String commit = Files.readString(refFile, StandardCharsets.UTF_8).strip();
      Path dir = commitDir(ref.owner(), ref.repo(), commit);
      return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    } catch (IOException e) {
      LOG.warn("action store {}: could not read {}: {}", root, refFile, e.toString());
      return Optional.empty();
    }
  }

  /**
   * Clones {@code baseUrl/owner/repo}, resolves {@code ref} to a commit and stores the files at that
   * commit (once per commit) and the ref's resolution (replacing an older one).
   *
   * @return the commit the ref resolved to
   */
  public String fetch(String owner, String repo, String ref, String baseUrl) throws ActionStoreException, InterruptedException {
    String url = baseUrl.replaceAll("/+$", "") + "/" + owner + "/" + repo;
    String name = owner + "/" + repo + "@" + ref;
    Path tmp = root.resolve("tmp").resolve(UUID.randomUUID().toString());
    try {
      Files.createDirectories(tmp.getParent());
      git(name, null, "clone", "--quiet", "--no-checkout", "--", url, tmp.toString());
      String commit = resolve(name, tmp, ref);
      Path target = commitDir(owner, repo, commit);
      if (!Files.isDirectory(target)) {
        git(name, tmp, "-c", "advice.detachedHead=false", "checkout", "--quiet", "--detach", commit);
        deleteTree(tmp.resolve(".git"));
        Files.createDirectories(target.getParent());
        moveIntoPlace(tmp, target);
      }
      writeAtomically(refFile(owner, repo, ref), commit + "\n");
      LOG.info("action store {}: {} is commit {} (from {})", root, name, commit, url);
      return commit;
    } catch (IOException e) {
      throw new ActionStoreException("could not store " + name + " in " + root + ": " + e.getMessage(), e);
    } finally {
      deleteTree(tmp);
    }
  }

  private String resolve(String name, Path clone, String ref) throws ActionStoreException, InterruptedException {
    for (String candidate : List.of(ref + "^{commit}", "origin/" + ref + "^{commit}", "refs/tags/" + ref + "^{commit}")) {
      GitResult r = run(clone, List.of("rev-parse", "--verify", "--quiet", candidate));
      if (r.exitCode == 0 && !r.output.isBlank()) return r.output.strip();
    }
    throw new ActionStoreException("the ref '" + ref + "' of " + name + " is not a branch, tag or commit of the repository");
  }

  private Path refFile(String owner, String repo, String ref) {
    return root.resolve("refs").resolve(safe(owner)).resolve(safe(repo)).resolve(URLEncoder.encode(ref, StandardCharsets.UTF_8));
  }

  private Path commitDir(String owner, String repo, String commit) {
    return root.resolve("repos").resolve(safe(owner)).resolve(safe(repo)).resolve(safe(commit));
  }

  /** A name as one path segment (owner and repo names are already safe on GitHub; this keeps odd input inside the store). */
  private static String safe(String segment) {
    String s = URLEncoder.encode(segment, StandardCharsets.UTF_8);
    return s.equals(".") || s.equals("..") ? "%2E" + s.substring(1) : s;
  }

  private static void moveIntoPlace(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      // another fetch stored the same commit first: same files
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    } catch (IOException e) {
      if (!Files.isDirectory(to)) throw e; // a non-empty target (another fetch won) is fine
    }
  }

  private void writeAtomically(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private record GitResult(int exitCode, String output) {}

  private void git(String name, Path dir, String... args) throws ActionStoreException, InterruptedException {
    GitResult r = run(dir, List.of(args));
    if (r.exitCode != 0) {
      throw new ActionStoreException("git " + args[0] + " failed for " + name + " (exit " + r.exitCode
          + "): " + r.output.strip());
    }
  }

  private static GitResult run(Path dir, List<String> args) throws ActionStoreException, InterruptedException {
    List<String> argv = new java.util.ArrayList<>(List.of("git"));
    argv.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    if (dir != null) pb.directory(dir.toFile());
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(GIT_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ActionStoreException("git " + String.join(" ", args) + " did not finish within " + GIT_TIMEOUT.toMinutes() + " minutes");
      }
      return new GitResult(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ActionStoreException("could not run git (is it installed?): " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not delete {}: {}", dir, e.toString());
    }
  }
}
