package dev.hearth.vm.gvisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class WatchdogTest {
  @TempDir Path temp;

  @Test
  void runsItsCommandWhenThePipeFromTheJvmEnds() throws Exception {
    Path marker = temp.resolve("deleted");
    Watchdog watchdog = Watchdog.arm("test", List.of("touch", marker.toString()));
    watchdog.ownerGone();
    while (!Files.exists(marker)) Thread.sleep(10); // the watchdog is another process: poll for its effect
    assertThat(marker).exists();
  }

  @Test
  void aDisarmedWatchdogRunsNothing() throws Exception {
    Path marker = temp.resolve("deleted");
    Watchdog watchdog = Watchdog.arm("test", List.of("touch", marker.toString()));
    watchdog.disarm();
    watchdog.disarm();
    assertThat(marker).doesNotExist();
  }
}
