package dev.hearth.server.source;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bare git mirror per repository under {@code <data-dir>/mirrors/<owner>/<name>.git}, fetched
 * with real git at the event's commit, and checkouts of exactly that commit. Fetches of one
 * repository are serialized; different repositories fetch in parallel.
 */
public final class Mirrors {
  private static final Logger LOG = LoggerFactory.getLogger(Mirrors.class);
  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
  private static final long FETCH_TIMEOUT_SECONDS = 600;

  private final Path root;
  private final URI baseUrl;
  private final Git git;
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  /**
   * @param root where the mirrors live
   * @param baseUrl fetch {@code baseUrl/owner/name.git} instead of the payload's clone URL; null for the payload's
   * @param token for private repositories over HTTP(S), or null
   */
  public Mirrors(Path root, URI baseUrl, String token) {
    this.root = root;
    this.baseUrl = baseUrl;
    this.git = new Git(token);
  }

  /** The URL {@code request}'s repository is fetched from (never holds a token). */
  public String url(SourceRequest request) throws SourceException {
    if (baseUrl != null) return baseUrl + "/" + request.repository() + ".git";
    if (request.cloneUrl() == null || request.cloneUrl().isBlank()) {
      throw new SourceException("repository " + request.repository() + ": the payload has no repository.clone_url");
    }
    return request.cloneUrl();
  }

  /**
   * Fetches {@code request}'s commit into the repository's mirror and checks it out into {@code into}
   * (which must not exist yet).
   */
  public Checkout checkout(SourceRequest request, Path into) throws SourceException {
    if (request.repository() == null || !REPOSITORY.matcher(request.repository()).matches()
        || request.repository().contains("..")) {
      throw new SourceException("repository '" + request.repository() + "': expected owner/name");
    }
    String url = url(request);
    Path mirror = root.resolve(request.repository() + ".git");
    ReentrantLock lock = locks.computeIfAbsent(request.repository(), k -> new ReentrantLock());
    String sha;
    Optional<List<String>> changed;
    lock.lock();
    try {
      ensureMirror(mirror);
      sha = fetch(mirror, url, request);
      changed = changedFiles(mirror, request.before(), sha);
    } finally {
      lock.unlock();
    }
    clone(mirror, url, sha, into);
    return new Checkout(into, sha, changed);
  }

  private void ensureMirror(Path mirror) throws SourceException {
    if (Files.isDirectory(mirror.resolve("objects"))) return;
    try {
      Files.createDirectories(mirror.getParent());
    } catch (IOException e) {
      throw new SourceException("cannot create " + mirror.getParent() + ": " + e.getMessage(), e);
    }
    check(git.run(null, 60, "init", "-q", "--bare", mirror.toString()), "git init " + mirror);
  }

  /** Fetches the commit (or resolves the ref) and returns its sha. */
  private String fetch(Path mirror, String url, SourceRequest request) throws SourceException {
    String sha = request.sha();
    if (sha != null && !SHA.matcher(sha).matches()) {
      throw new SourceException("repository " + request.repository() + ": '" + sha + "' is not a commit sha");
    }
    if (sha != null && hasCommit(mirror, sha)) return sha;
    long start = System.nanoTime();
    Git.Result fetched = git.run(mirror, FETCH_TIMEOUT_SECONDS, "fetch", "-q", "--no-write-fetch-head", "--prune", url,
        "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*");
    if (!fetched.ok()) {
      throw new SourceException("repository " + request.repository() + ": cannot fetch " + url + ": " + lastLine(fetched.err()));
    }
    LOG.info("repository={} fetched url={} took={}ms", request.repository(), url, (System.nanoTime() - start) / 1_000_000);
    if (sha == null) return resolve(mirror, request);
    if (hasCommit(mirror, sha)) return sha;
    if (request.pullNumber() != null) {
      String pull = "refs/pull/" + request.pullNumber() + "/head";
      git.run(mirror, FETCH_TIMEOUT_SECONDS, "fetch", "-q", "--no-write-fetch-head", url, "+" + pull + ":" + pull);
      if (hasCommit(mirror, sha)) return sha;
    }
    git.run(mirror, FETCH_TIMEOUT_SECONDS, "fetch", "-q", "--no-write-fetch-head", url, sha);
    if (hasCommit(mirror, sha)) return sha;
    throw new SourceException("repository " + request.repository() + ": commit " + sha + " is not in " + url);
  }

  private String resolve(Path mirror, SourceRequest request) throws SourceException {
    if (request.ref() == null) throw new SourceException("repository " + request.repository() + ": the event names no commit or ref");
    Git.Result r = git.run(mirror, 60, "rev-parse", "--verify", "-q", request.ref() + "^{commit}");
    if (!r.ok()) throw new SourceException("repository " + request.repository() + ": ref " + request.ref() + " is not in the repository");
    return r.out().strip();
  }

  private boolean hasCommit(Path mirror, String sha) throws SourceException {
    return git.run(mirror, 60, "cat-file", "-e", sha + "^{commit}").ok();
  }

  private Optional<List<String>> changedFiles(Path mirror, String before, String sha) throws SourceException {
    if (before == null || !SHA.matcher(before).matches() || before.equals("0".repeat(40)) || !hasCommit(mirror, before)) {
      return Optional.empty();
    }
    Git.Result diff = git.run(mirror, 120, "diff", "--name-only", "-z", before, sha);
    if (!diff.ok()) return Optional.empty();
    return Optional.of(Arrays.stream(diff.out().split("\0")).filter(s -> !s.isEmpty()).toList());
  }

  private void clone(Path mirror, String url, String sha, Path into) throws SourceException {
    try {
      Files.createDirectories(into.getParent());
    } catch (IOException e) {
      throw new SourceException("cannot create " + into.getParent() + ": " + e.getMessage(), e);
    }
    check(git.run(null, 600, "clone", "-q", "--no-checkout", mirror.toString(), into.toString()), "git clone of " + mirror);
    check(git.run(into, 600, "checkout", "-q", "--detach", sha), "git checkout " + sha);
    git.run(into, 60, "remote", "set-url", "origin", url);
  }

  private static void check(Git.Result result, String what) throws SourceException {
    if (!result.ok()) throw new SourceException(what + " failed: " + lastLine(result.err()));
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines.length == 0 || lines[lines.length - 1].isBlank() ? "(git said nothing)" : lines[lines.length - 1].strip();
  }
}
