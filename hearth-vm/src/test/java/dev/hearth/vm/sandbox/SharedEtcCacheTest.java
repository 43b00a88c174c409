package dev.hearth.vm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.testing.TestLocks;
import dev.hearth.vm.root.GuestEtc;
import dev.hearth.vm.root.GuestUser;
import dev.hearth.vm.root.SystemRoot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The cache of shared {@code /etc} copies prunes what nobody uses: copies older than the current one
 * with no lease in any process, and builds that died. A lease held by another process (a real JVM, the
 * same lock a second {@code hearth} takes) keeps its copy until that process ends, however it ends.
 */
@ResourceLock(value = TestLocks.CHILD_PROCESSES, mode = ResourceAccessMode.READ)
@Timeout(60)
class SharedEtcCacheTest {
  @TempDir Path cacheDir;

  private SharedEtcCache cache() {
    return new SharedEtcCache(cacheDir);
  }

  /** A copy chosen {@code age} ago, with the lock file every leased copy has. */
  private Path copyMadeAgo(String name, Duration age) throws IOException {
    if (!name.startsWith(".")) Files.write(cacheDir.resolve(name + ".lock"), new byte[0]);
    return unleasedCopyMadeAgo(name, age);
  }

  /** A copy as a {@code hearth} from before leases left it: no lock file. */
  private Path unleasedCopyMadeAgo(String name, Duration age) throws IOException {
    Path dir = Files.createDirectories(cacheDir.resolve(name));
    Files.writeString(dir.resolve("hostname"), "sandbox\n");
    Files.setLastModifiedTime(dir, FileTime.from(Instant.now().minus(age)));
    return dir;
  }

  @Test
  void pruningRemovesOlderCopiesNobodyUsesAndKeepsTheCurrentOne() throws Exception {
    copyMadeAgo("old1", Duration.ofDays(30));
    copyMadeAgo("old2", Duration.ofHours(2));
    copyMadeAgo("current", Duration.ofMinutes(1));
    try (SharedEtcCache.Lease current = cache().lease("current")) {
      assertThat(cache().prune("current")).containsExactlyInAnyOrder("old1", "old2");
    }
    assertThat(names()).containsExactlyInAnyOrder("current", "current.lock");
  }

  @Test
  void copiesNewerThanTheCurrentOneAreKeptForTheHearthThatUsesThem() throws Exception {
    copyMadeAgo("current", Duration.ofHours(1));
    copyMadeAgo("newer", Duration.ofMinutes(1));
    assertThat(cache().prune("current")).isEmpty();
    assertThat(names()).contains("current", "newer");
  }

  @Test
  void aCopyThisProcessLeasesIsKeptUntilItsLastLeaseCloses() throws Exception {
    copyMadeAgo("old", Duration.ofHours(1));
    copyMadeAgo("current", Duration.ofMinutes(1));
    SharedEtcCache.Lease first = cache().lease("old");
    SharedEtcCache.Lease second = cache().lease("old");
    first.close();
    assertThat(cache().prune("current")).isEmpty();
    second.close();
    assertThat(cache().prune("current")).containsExactly("old");
    assertThat(cacheDir.resolve("old")).doesNotExist();
  }

  @Test
  void aCopyAnotherProcessLeasesIsKeptUntilThatProcessIsKilled() throws Exception {
    copyMadeAgo("old", Duration.ofHours(1));
    copyMadeAgo("current", Duration.ofMinutes(1));
    Process other = holder("old");
    try {
      assertThat(cache().prune("current")).as("pruned while another process leases the copy").isEmpty();
      assertThat(cacheDir.resolve("old/hostname")).hasContent("sandbox");
    } finally {
      other.destroyForcibly(); // SIGKILL: the kernel drops its lock
      assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(cache().prune("current")).containsExactly("old");
    assertThat(names()).containsExactlyInAnyOrder("current", "current.lock");
  }

  @Test
  void aLeaseOnAPrunedCopyTakesANewLockAndTheCopyIsMadeAgain() throws Exception {
    copyMadeAgo("old", Duration.ofHours(1));
    copyMadeAgo("current", Duration.ofMinutes(1));
    assertThat(cache().prune("current")).containsExactly("old");
    try (SharedEtcCache.Lease again = cache().lease("old")) {
      assertThat(again.copy()).doesNotExist(); // the caller makes it again
      assertThat(cacheDir.resolve("old.lock")).exists();
      Process other = holder("current");
      try {
        assertThat(cache().prune("current")).as("a lock whose copy is being made").isEmpty();
      } finally {
        other.destroyForcibly();
        other.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aBuildThatDiedLongAgoIsRemovedButOneUnderWayIsNot() throws Exception {
    copyMadeAgo("current", Duration.ofMinutes(1));
    copyMadeAgo(".building-123", SharedEtcCache.ABANDONED_BUILD.plusMinutes(1));
    copyMadeAgo(".building-456", Duration.ofSeconds(1));
    assertThat(cache().prune("current")).containsExactly(".building-123");
    assertThat(names()).contains(".building-456");
  }

  @Test
  void aCopyWithoutALockFileIsKeptForAWeekForAHearthThatTakesNoLeases() throws Exception {
    copyMadeAgo("current", Duration.ofMinutes(1));
    unleasedCopyMadeAgo("lastweek", SharedEtcCache.UNLEASED_COPY.plusHours(1));
    unleasedCopyMadeAgo("yesterday", Duration.ofDays(1));
    assertThat(cache().prune("current")).containsExactly("lastweek");
    assertThat(names()).contains("yesterday");
  }

  @Test
  void aLockLeftWithoutItsCopyIsRemoved() throws Exception {
    copyMadeAgo("current", Duration.ofMinutes(1));
    Files.createFile(cacheDir.resolve("gone.lock"));
    assertThat(cache().prune("current")).containsExactly("gone.lock");
    assertThat(names()).containsExactlyInAnyOrder("current", "current.lock");
  }

  @Test
  void takingTheHostsCopyPrunesTheStaleOnesAndTheCopyStaysUntilItsLeaseCloses() throws Exception {
    copyMadeAgo("0123456789abcdef", Duration.ofHours(3));
    GuestEtc template = new GuestEtc(GuestUser.RUNNER, "sandbox", List.of());
    try (SharedEtc etc = SharedEtc.of(cache(), SystemRoot.fromHost(), template)) {
      assertThat(etc.dir().resolve("passwd")).exists();
      assertThat(names()).containsExactlyInAnyOrder(etc.dir().getFileName().toString(), etc.dir().getFileName() + ".lock");
      Files.setLastModifiedTime(etc.dir(), FileTime.from(Instant.now().minus(Duration.ofHours(1))));
      copyMadeAgo("fedcba9876543210", Duration.ZERO);
      assertThat(cache().prune("fedcba9876543210")).as("pruned while leased").isEmpty();
    }
    assertThat(cache().prune("fedcba9876543210")).hasSize(1);
    assertThat(names()).containsExactlyInAnyOrder("fedcba9876543210", "fedcba9876543210.lock");
  }

  /** A second JVM that leases {@code name} in this cache; returns once it holds the lease. */
  private Process holder(String name) throws IOException {
    String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SharedEtcLeaseHolder.class.getName(),
        cacheDir.toString(), name).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
    assertThat(line).as("what the holder said").startsWith("held ");
    return process;
  }

  private List<String> names() throws IOException {
    try (var entries = Files.list(cacheDir)) {
      return entries.map(p -> p.getFileName().toString()).toList();
    }
  }
}
