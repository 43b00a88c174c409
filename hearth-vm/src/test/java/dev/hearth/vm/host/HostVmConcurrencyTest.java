package dev.hearth.vm.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Many VMs of one provider at once: releasing each still kills exactly its own processes. */
@Timeout(300)
class HostVmConcurrencyTest {
  @TempDir Path root;

  /**
   * Found by the chaos soak: a prune racing another VM's exec forgot a tree whose leader had just
   * exited (its group was younger than the prune's scan of /proc), so a background process it left
   * survived its VM's release. About half of the VMs leaked one at 8 VMs at once.
   */
  @Test
  void backgroundProcessDiesWithItsVmWhileOtherVmsExecAndRelease() throws Exception {
    String marker = "HEARTH_TEST_MARK=" + UUID.randomUUID();
    try (HostVmProvider host = HostVmProvider.create(root, Duration.ofMillis(200))) {
      ExecutorService threads = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> loops = new ArrayList<>();
        for (int t = 0; t < 8; t++) loops.add(threads.submit(() -> vmsLeavingBackgroundProcesses(host, marker, 15)));
        for (Future<?> f : loops) f.get();
      } finally {
        threads.shutdownNow();
      }
      assertThat(processesWith(marker)).as("background processes alive after their VMs were released").isEmpty();
    }
  }

  /**
   * Found by the chaos soak: a release in the instant after an exec started its command, before
   * {@code setsid} had made it a group leader, found no group to kill; the command ran on and
   * recreated the VM's work directory after the release had removed it.
   */
  @Test
  void releaseRacingAStartingCommandLeavesNoProcessAndNoWorkDirectory() throws Exception {
    String marker = "HEARTH_TEST_MARK=" + UUID.randomUUID();
    Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", marker.split("=")[0], marker.split("=")[1]);
    try (HostVmProvider host = HostVmProvider.create(root, Duration.ofMillis(200))) {
      ExecutorService threads = Executors.newFixedThreadPool(2);
      try {
        for (int i = 0; i < 100; i++) {
          Vm vm = host.allocate(VmSpec.of(List.of("ubuntu-latest"), Map.of()));
          Future<?> exec = threads.submit(() -> vm.exec(new ExecRequest(List.of("sh", "-c",
              "mkdir -p \"$PWD/recreated\"; sleep 300"), env, vm.workDir(), Duration.ofMinutes(1)), OutputSink.NONE));
          Thread.sleep(0, i * 5000); // the release lands at a different moment of the start each time
          vm.close();
          try {
            exec.get();
          } catch (java.util.concurrent.ExecutionException expected) {
            // released while starting or running: a VmException
          }
          assertThat(Path.of(vm.workDir())).as("work dir of %s after its release", vm.id()).doesNotExist();
        }
      } finally {
        threads.shutdownNow();
      }
      assertThat(processesWith(marker)).as("commands alive after their VMs were released").isEmpty();
    }
  }

  private static Void vmsLeavingBackgroundProcesses(HostVmProvider host, String marker, int count) throws Exception {
    Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", marker.split("=")[0], marker.split("=")[1]);
    for (int i = 0; i < count; i++) {
      Vm vm = host.allocate(VmSpec.of(List.of("ubuntu-latest"), Map.of()));
      try {
        vm.exec(new ExecRequest(List.of("bash", "-c", "sleep 300 >/dev/null 2>&1 &"), env, vm.workDir(),
            Duration.ofMinutes(1)), OutputSink.NONE);
        vm.exec(new ExecRequest(List.of("bash", "-c", "sleep 0.02"), env, vm.workDir(), Duration.ofMinutes(1)),
            OutputSink.NONE);
      } finally {
        vm.close();
      }
    }
    return null;
  }

  /** Live processes (not zombies) whose environment holds {@code entry}. */
  private static List<Long> processesWith(String entry) throws IOException {
    List<Long> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
        try {
          String environ = new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.ISO_8859_1);
          String stat = Files.readString(p.resolve("stat"), StandardCharsets.ISO_8859_1);
          if (stat.charAt(stat.lastIndexOf(')') + 2) != 'Z' && environ.contains(entry)) {
            found.add(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException | RuntimeException gone) {
          // exited meanwhile, or not ours to read
        }
      }
    }
    return found;
  }
}
