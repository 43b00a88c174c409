package dev.hearth.server.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.testing.GitDaemon;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkout has the refs {@code actions/checkout} leaves (its {@code ref-helper}): the run's branch
 * checked out with {@code origin/<branch>} as its upstream, a tag, a pull request's
 * {@code refs/remotes/pull/N/merge}, and a pull request's base as {@code origin/<base>}, so steps such
 * as {@code git diff origin/main...HEAD} work. Real git in the checkout, repositories served by
 * {@code git daemon}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CheckoutRefsTest {
  @TempDir Path dir;

  @Test
  void pushToABranchChecksOutThatBranchTrackingOrigin() throws Exception {
    try (GitDaemon git = GitDaemon.start(dir.resolve("served"))) {
      GitDaemon.Repository repo = git.create("octo/refs", "main");
      repo.file("a.txt", "1\n").commitAndPush();
      String sha = repo.file("a.txt", "2\n").commitAndPushTo("refs/heads/feature/x");
      Mirrors mirrors = new Mirrors(dir.resolve("mirrors"), java.net.URI.create(git.baseUrl()), null);

      Path co = mirrors.checkout(new SourceRequest("octo/refs", null, sha, "refs/heads/feature/x", null, null),
          dir.resolve("co")).dir();

      assertThat(git(co, "rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("feature/x");
      assertThat(git(co, "rev-parse", "origin/feature/x")).isEqualTo(sha);
      assertThat(git(co, "rev-parse", "--abbrev-ref", "@{upstream}")).isEqualTo("origin/feature/x");
      assertThat(git(co, "log", "--format=%H", "-1", "origin/feature/x")).isEqualTo(sha);
      assertThat(git(co, "status", "--porcelain")).isEmpty();
      assertThat(git(co, "rev-list", "--count", "HEAD")).isEqualTo("2");
    }
  }

  @Test
  void pullRequestHasItsMergeRefAndItsBaseAsOriginBase() throws Exception {
    try (GitDaemon git = GitDaemon.start(dir.resolve("served"))) {
      GitDaemon.Repository repo = git.create("octo/refs", "main");
      String main = repo.file("a.txt", "1\n").commitAndPush();
      repo.file("b.txt", "pr\n").commitAndPushTo("refs/pull/7/head");
      String merge = repo.file("c.txt", "merge\n").commitAndPushTo("refs/pull/7/merge");
      Mirrors mirrors = new Mirrors(dir.resolve("mirrors"), java.net.URI.create(git.baseUrl()), null);

      Path co = mirrors.checkout(new SourceRequest("octo/refs", null, merge, "refs/pull/7/merge", 7, null, null, "main"),
          dir.resolve("co")).dir();

      assertThat(git(co, "rev-parse", "HEAD")).isEqualTo(merge);
      assertThat(git(co, "rev-parse", "refs/remotes/pull/7/merge")).isEqualTo(merge);
      assertThat(git(co, "rev-parse", "origin/main")).isEqualTo(main);
      assertThat(git(co, "diff", "--name-only", "origin/main...HEAD")).isEqualTo("b.txt\nc.txt");
      assertThat(run(co, "symbolic-ref", "-q", "HEAD").exit()).as("detached, as actions/checkout leaves a pull request").isNotZero();

      // Checked out again at its commit (a re-run, another host): the same refs.
      Path again = mirrors.checkoutAt(new SourceRequest("octo/refs", null, merge, "refs/pull/7/merge", 7, null, null, "main"),
          merge, dir.resolve("again")).dir();
      assertThat(git(again, "rev-parse", "origin/main")).isEqualTo(main);
      assertThat(git(again, "rev-parse", "refs/remotes/pull/7/merge")).isEqualTo(merge);
    }
  }

  @Test
  void tagIsATagAndABaseNameGitWouldRefuseIsLeftOut() throws Exception {
    try (GitDaemon git = GitDaemon.start(dir.resolve("served"))) {
      GitDaemon.Repository repo = git.create("octo/refs", "main");
      String sha = repo.file("a.txt", "1\n").commitAndPushTo("refs/tags/v1.0");
      Mirrors mirrors = new Mirrors(dir.resolve("mirrors"), java.net.URI.create(git.baseUrl()), null);

      Path co = mirrors.checkout(new SourceRequest("octo/refs", null, sha, "refs/tags/v1.0", null, null, null, "../../x"),
          dir.resolve("co")).dir();

      assertThat(git(co, "describe", "--tags")).isEqualTo("v1.0");
      assertThat(git(co, "for-each-ref", "--format=%(refname)")).isEqualTo("refs/tags/v1.0");
      assertThat(git(co, "fsck", "--no-progress")).isEmpty();
    }
  }

  @Test
  void branchNamesFollowGitsRules() {
    assertThat(CheckoutRefs.isBranchName("main")).isTrue();
    assertThat(CheckoutRefs.isBranchName("release/1.x")).isTrue();
    for (String bad : new String[] {null, "", "../x", "a/../b", "a..b", "/a", "a/", "a//b", ".hidden", "a/.b", "x.lock",
        "a b", "a~1", "a^", "a:b", "a\\b", "HEAD", "a."}) {
      assertThat(CheckoutRefs.isBranchName(bad)).as(bad).isFalse();
    }
  }

  private record Out(int exit, String text) {}

  private static String git(Path dir, String... args) throws Exception {
    Out out = run(dir, args);
    if (out.exit() != 0) throw new AssertionError("git " + String.join(" ", args) + " failed: " + out.text());
    return out.text().strip();
  }

  private static Out run(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes());
    p.waitFor(30, TimeUnit.SECONDS);
    return new Out(p.exitValue(), text);
  }
}
