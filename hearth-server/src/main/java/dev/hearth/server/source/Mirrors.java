package dev.hearth.server.source;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bare git mirror per repository under {@code <data-dir>/mirrors/<owner>/<name>.git}, fetched
 * with real git at the event's commit, and checkouts of exactly that commit. Fetches of one
 * repository are serialized; different repositories fetch in parallel.
 *
 * <p>A delivery costs as few git processes as it can: a commit this process has already seen in a
 * mirror is not looked up again (objects are only ever added to a mirror); a missing one is fetched
 * by the event's own ref first (the pushed branch or tag, the pull request's ref), then by its sha,
 * and only then with every branch and tag; the checkout is one {@code git read-tree}
 * ({@link CheckoutWriter}).
 */
public final class Mirrors {
  private static final Logger LOG = LoggerFactory.getLogger(Mirrors.class);
  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern FETCHABLE_REF = Pattern.compile("refs/(heads|tags|pull)/[A-Za-z0-9_./-]+");
  private static final long FETCH_TIMEOUT_SECONDS = 600;
  private static final int KNOWN_COMMITS = 4096;

  private final Path root;
  private final URI baseUrl;
  private final Git git;
  private final CheckoutWriter writer;
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  /** {@code owner/name@sha} of commits seen in a mirror, the most recent {@value #KNOWN_COMMITS}. */
  private final Set<String> known = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > KNOWN_COMMITS;
    }
  }));

  /**
   * @param root where the mirrors live
   * @param baseUrl fetch {@code baseUrl/owner/name.git} instead of the payload's clone URL; null for the payload's
   * @param token for private repositories over HTTP(S), or null
   */
  public Mirrors(Path root, URI baseUrl, String token) {
    this.root = root;
    this.baseUrl = baseUrl;
    this.git = new Git(token);
    this.writer = new CheckoutWriter(git);
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
    return checkout(request, request.ref(), into);
  }

  /**
   * Checks out exactly {@code sha} of {@code request}'s repository into {@code into} (a run checked out
   * again: on another host, or re-run), fetched by its sha whatever {@code request}'s ref says now;
   * the checkout's refs are {@code request}'s, as when it was first checked out.
   */
  public Checkout checkoutAt(SourceRequest request, String sha, Path into) throws SourceException {
    return checkout(new SourceRequest(request.repository(), request.cloneUrl(), sha, null, null, null, null,
        request.baseBranch()), request.ref(), into);
  }

  private Checkout checkout(SourceRequest request, String runRef, Path into) throws SourceException {
    if (request.sha() == null && request.ref() == null) {
      throw new SourceException("repository " + request.repository() + ": the payload names neither a commit nor a ref");
    }
    if (request.repository() == null || !REPOSITORY.matcher(request.repository()).matches()
        || request.repository().contains("..")) {
      throw new SourceException("repository '" + request.repository() + "': expected owner/name");
    }
    for (String sha : Arrays.asList(request.sha(), request.fallbackSha(), request.before())) {
      if (sha != null && !SHA.matcher(sha).matches()) {
        throw new SourceException("repository " + request.repository() + ": '" + sha + "' is not a commit sha");
      }
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
      writer.layOut(mirror, url, sha, CheckoutRefs.of(mirror, sha, runRef, request.baseBranch()), into);
    } finally {
      lock.unlock();
    }
    writer.readTree(sha, into);
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
    String repo = request.repository();
    String sha = request.sha();
    if (sha != null && hasCommit(repo, mirror, sha)) return sha;
    boolean refFirst = request.ref() != null && FETCHABLE_REF.matcher(request.ref()).matches() && !request.ref().contains("..");
    if (refFirst) {
      String found = fetchAndFind(mirror, url, request, "+" + request.ref() + ":" + request.ref());
      if (found != null) return found;
      if (request.fallbackSha() != null) {
        LOG.warn("repository={} ref={} cannot be fetched from {}: running at sha={} instead", repo, request.ref(), url,
            request.fallbackSha());
        return fetchFallback(mirror, url, request);
      }
    }
    List<String[]> attempts = new ArrayList<>();
    if (request.pullNumber() != null) {
      String pull = "refs/pull/" + request.pullNumber() + "/head";
      attempts.add(new String[] {"+" + pull + ":" + pull});
    }
    if (sha != null) attempts.add(new String[] {sha});
    attempts.add(new String[] {"+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"});
    Git.Result last = null;
    for (String[] refspecs : attempts) {
      last = fetchRefs(mirror, url, request, refspecs);
      String found = find(mirror, request);
      if (found != null) return found;
    }
    if (!last.ok()) throw new SourceException("repository " + repo + ": cannot fetch " + url + ": " + lastLine(last.err()));
    if (sha == null) throw new SourceException("repository " + repo + ": ref " + request.ref() + " is not in the repository");
    throw new SourceException("repository " + repo + ": commit " + sha + " is not in " + url);
  }

  private String fetchFallback(Path mirror, String url, SourceRequest request) throws SourceException {
    SourceRequest head = new SourceRequest(request.repository(), request.cloneUrl(), request.fallbackSha(), null,
        request.pullNumber(), request.before(), null, request.baseBranch());
    return fetch(mirror, url, head);
  }

  /** Fetches {@code refspec}; the request's commit when it is there now, else null. */
  private String fetchAndFind(Path mirror, String url, SourceRequest request, String refspec) throws SourceException {
    Git.Result r = fetchRefs(mirror, url, request, refspec);
    if (!r.ok()) return null;
    String found = find(mirror, request);
    if (found == null && request.sha() != null) {
      // The ref moved on since the event (a pull request's merge ref is recomputed): run at the ref.
      found = resolve(mirror, request.ref());
      if (found != null) {
        LOG.info("repository={} sha={} of the event is not on {} any more: running at sha={}", request.repository(),
            request.sha(), request.ref(), found);
      }
    }
    return found;
  }

  /**
   * Fetches {@code refspecs} and, in the same git process, the request's base branch (a pull request's,
   * for {@code origin/<base>} in the checkout); without the base branch again when that fails.
   */
  private Git.Result fetchRefs(Path mirror, String url, SourceRequest request, String... refspecs) throws SourceException {
    String base = CheckoutRefs.isBranchName(request.baseBranch()) ? "refs/heads/" + request.baseBranch() : null;
    if (base == null || Arrays.stream(refspecs).anyMatch(r -> r.endsWith(":" + base) || r.contains("*"))) {
      return fetchRefs(mirror, url, request.repository(), refspecs);
    }
    String[] withBase = Arrays.copyOf(refspecs, refspecs.length + 1);
    withBase[refspecs.length] = "+" + base + ":" + base;
    Git.Result r = fetchRefs(mirror, url, request.repository(), withBase);
    return r.ok() ? r : fetchRefs(mirror, url, request.repository(), refspecs);
  }

  private Git.Result fetchRefs(Path mirror, String url, String repo, String... refspecs) throws SourceException {
    long start = System.nanoTime();
    List<String> args = new ArrayList<>(List.of("fetch", "-q", "--no-write-fetch-head", url));
    args.addAll(List.of(refspecs));
    Git.Result r = git.run(mirror, FETCH_TIMEOUT_SECONDS, args.toArray(String[]::new));
    LOG.info("repository={} fetched url={} refs={} ok={} took={}ms", repo, url, String.join(",", refspecs), r.ok(),
        (System.nanoTime() - start) / 1_000_000);
    return r;
  }

  /** The request's commit if the mirror has it (its sha, or its ref resolved when it names none), else null. */
  private String find(Path mirror, SourceRequest request) throws SourceException {
    if (request.sha() != null) return hasCommit(request.repository(), mirror, request.sha()) ? request.sha() : null;
    return request.ref() == null ? null : resolve(mirror, request.ref());
  }

  private String resolve(Path mirror, String ref) throws SourceException {
    Git.Result r = git.run(mirror, 60, "rev-parse", "--verify", "-q", ref + "^{commit}");
    return r.ok() ? r.out().strip() : null;
  }

  private boolean hasCommit(String repo, Path mirror, String sha) throws SourceException {
    String key = repo + "@" + sha;
    if (known.contains(key)) return true;
    boolean has = git.run(mirror, 60, "cat-file", "-e", sha + "^{commit}").ok();
    if (has) known.add(key);
    return has;
  }

  private Optional<List<String>> changedFiles(Path mirror, String before, String sha) throws SourceException {
    if (before == null || before.equals("0".repeat(40))) return Optional.empty();
    // One process: a before that is not in the mirror (a force push) makes git diff fail, and then
    // the changed files are unknown.
    Git.Result diff = git.run(mirror, 120, "diff", "--name-only", "-z", before, sha, "--");
    if (!diff.ok()) return Optional.empty();
    return Optional.of(Arrays.stream(diff.out().split("\0")).filter(s -> !s.isEmpty()).toList());
  }

  private static void check(Git.Result result, String what) throws SourceException {
    if (!result.ok()) throw new SourceException(what + " failed: " + lastLine(result.err()));
  }

  static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines.length == 0 || lines[lines.length - 1].isBlank() ? "(git said nothing)" : lines[lines.length - 1].strip();
  }
}
