package dev.hearth.server.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restart reaper's treatment of work directories no store record names, on a real directory tree:
 * only an empty one made during the previous process's life goes.
 */
class HostWorkspaceReaperTest {
  @TempDir Path root;
  final Instant previousStart = Instant.parse("2026-12-05T00:00:00Z");
  final Instant thisStart = Instant.parse("2026-12-05T01:00:00Z");

  Path dir(String name, Instant changed) throws Exception {
    Path d = Files.createDirectory(root.resolve(name));
    Files.setLastModifiedTime(d, FileTime.from(changed));
    return d;
  }

  @Test
  void deletesOnlyEmptyUnrecordedWorkDirectoriesMadeWhileThePreviousProcessLived() throws Exception {
    Instant during = previousStart.plusSeconds(60);
    Path orphan = dir("host-7-0a1b2c", during);
    Path recorded = dir("host-8-0a1b2c", during);
    Path used = dir("host-9-0a1b2c", during);
    Files.writeString(used.resolve("file"), "x");
    Files.setLastModifiedTime(used, FileTime.from(during));
    Path older = dir("host-10-0a1b2c", previousStart.minusSeconds(1));
    Path newer = dir("host-11-0a1b2c", thisStart);
    Path notAVm = dir("checkouts", during);

    List<String> said = new HostWorkspaceReaper(root).reapUnrecorded(Set.of("host-8-0a1b2c")::contains, previousStart,
        thisStart);

    assertThat(orphan).doesNotExist();
    assertThat(said).singleElement().asString().startsWith("vm=host-7-0a1b2c empty work directory ")
        .endsWith("and never recorded: deleted");
    assertThat(List.of(recorded, used, older, newer, notAVm)).allSatisfy(d -> assertThat(d).exists());
  }

  @Test
  void withoutAKnownPreviousProcessNothingIsDeleted() throws Exception {
    Path orphan = dir("host-7-0a1b2c", previousStart.plusSeconds(60));
    assertThat(new HostWorkspaceReaper(root).reapUnrecorded(id -> false, null, thisStart)).isEmpty();
    assertThat(orphan).exists();
  }
}
