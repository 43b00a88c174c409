package dev.hearth.server.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The refs a checkout has, as {@code actions/checkout} leaves them for the run's ref: a branch
 * {@code refs/heads/B} is {@code refs/remotes/origin/B} and the local branch {@code B}, checked out
 * (HEAD is {@code ref: refs/heads/B}); a tag is {@code refs/tags/T}; a pull request's ref
 * {@code refs/pull/N/merge} is {@code refs/remotes/pull/N/merge}; anything else leaves HEAD detached.
 * A pull request's base branch is {@code refs/remotes/origin/<base>} at the mirror's last fetch of it,
 * so {@code git diff origin/main...HEAD} works as after {@code fetch-depth: 0}. Other branches are not
 * there (their mirror refs may be stale).
 *
 * @param refs full ref name to commit, sorted
 * @param branch the local branch HEAD names, or null for a detached HEAD
 */
record CheckoutRefs(Map<String, String> refs, String branch) {
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.+-]+(/[A-Za-z0-9_.+-]+)*");

  CheckoutRefs {
    refs = java.util.Collections.unmodifiableMap(new TreeMap<>(refs));
  }

  /**
   * The refs of a checkout of {@code sha} for a run on {@code runRef} (may be null) with a pull
   * request's {@code baseBranch} (may be null; taken from {@code mirror}'s {@code refs/heads/<base>}
   * when it has it). Names git would refuse are left out.
   */
  static CheckoutRefs of(Path mirror, String sha, String runRef, String baseBranch) {
    Map<String, String> refs = new TreeMap<>();
    String branch = null;
    if (runRef != null && runRef.startsWith("refs/heads/") && isBranchName(runRef.substring(11))) {
      branch = runRef.substring(11);
      refs.put("refs/heads/" + branch, sha);
      refs.put("refs/remotes/origin/" + branch, sha);
    } else if (runRef != null && runRef.startsWith("refs/tags/") && isBranchName(runRef.substring(10))) {
      refs.put(runRef, sha);
    } else if (runRef != null && runRef.startsWith("refs/pull/") && isBranchName(runRef.substring(10))) {
      refs.put("refs/remotes/pull/" + runRef.substring(10), sha);
    }
    if (isBranchName(baseBranch)) {
      String base = read(mirror, "refs/heads/" + baseBranch);
      if (base != null) refs.putIfAbsent("refs/remotes/origin/" + baseBranch, base);
    }
    return new CheckoutRefs(refs, branch);
  }

  /** Whether {@code name} is a branch (or tag) name git accepts and that stays inside {@code refs/}. */
  static boolean isBranchName(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.contains("..") || name.endsWith(".lock")) return false;
    for (String part : name.split("/")) {
      if (part.startsWith(".") || part.endsWith(".lock")) return false;
    }
    return !name.equals("HEAD") && !name.endsWith(".");
  }

  /** The checkout's {@code .git/HEAD}: the local branch, or the commit itself. */
  String head(String sha) {
    return branch == null ? sha + "\n" : "ref: refs/heads/" + branch + "\n";
  }

  /** The checkout's {@code .git/packed-refs}, or null when it has no refs. */
  String packedRefs() {
    if (refs.isEmpty()) return null;
    StringBuilder s = new StringBuilder("# pack-refs with: sorted \n");
    refs.forEach((name, sha) -> s.append(sha).append(' ').append(name).append('\n'));
    return s.toString();
  }

  /** The local branch's upstream, as {@code git checkout -B B refs/remotes/origin/B} records it; empty when detached. */
  String branchConfig() {
    if (branch == null) return "";
    return "[branch \"" + branch + "\"]\n\tremote = origin\n\tmerge = refs/heads/" + branch + "\n";
  }

  /** {@code ref}'s commit in a bare repository (its loose ref file, else {@code packed-refs}), or null. */
  private static String read(Path repository, String ref) {
    try {
      Path loose = repository.resolve(ref);
      if (Files.isRegularFile(loose)) {
        String sha = Files.readString(loose).strip();
        return SHA.matcher(sha).matches() ? sha : null;
      }
      Path packed = repository.resolve("packed-refs");
      if (!Files.isRegularFile(packed)) return null;
      for (String line : Files.readAllLines(packed)) {
        if (line.length() == 41 + ref.length() && line.endsWith(" " + ref) && SHA.matcher(line.substring(0, 40)).matches()) {
          return line.substring(0, 40);
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }
}
