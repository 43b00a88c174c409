package dev.hearth.vm.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.testing.RecordingSink;
import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the host provider does beyond the contract. */
@Timeout(120)
class HostVmTest {
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin");

  @TempDir Path temp;
  private HostVmProvider provider;

  @AfterEach
  void close() {
    if (provider != null) provider.close();
  }

  private Vm allocate() throws Exception {
    if (provider == null) provider = HostVmProvider.create(temp.resolve("root"), Duration.ofSeconds(2));
    return provider.allocate(VmSpec.of(List.of("self-hosted", "gpu"), Map.of("run", "7")));
  }

  private static ExecRequest sh(Vm vm, String script) {
    return new ExecRequest(List.of("sh", "-c", script), ENV, vm.workDir(), Duration.ofSeconds(60));
  }

  @Test
  void servesAnyLabelWithAPrivateWorkDirUnderTheRoot() throws Exception {
    try (Vm vm = allocate()) {
      assertThat(vm.id()).matches("host-1-[0-9a-f]{6}");
      Path dir = Path.of(vm.workDir());
      assertThat(dir.getParent()).isEqualTo(temp.resolve("root"));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.getParent()))).isEqualTo("rwx------");
      assertThat(provider.liveVmIds()).containsExactly(vm.id());
    }
    assertThat(provider.liveVmIds()).isEmpty();
  }

  @Test
  void usesProcessGroupsOnThisHost() {
    assertThat(ProcessTrees.detect().usesProcessGroups()).as("setsid and kill found, setsid execs in place").isTrue();
  }

  @Test
  void allocatesAndReleasesFromManyThreadsAtOnce() throws Exception {
    allocate().close();
    int threads = 8;
    java.util.Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.Set<String> dirs = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
      List<java.util.concurrent.Future<Integer>> done = new java.util.ArrayList<>();
      for (int i = 0; i < threads; i++) {
        done.add(pool.submit(() -> {
          try (Vm vm = provider.allocate(VmSpec.of(List.of("x"), Map.of()))) {
            ids.add(vm.id());
            dirs.add(vm.workDir());
            return vm.exec(sh(vm, "echo $$ > pid; exit 3"), OutputSink.NONE).exitCode();
          }
        }));
      }
      for (var f : done) assertThat(f.get()).isEqualTo(3);
    }
    assertThat(ids).hasSize(threads);
    assertThat(dirs).hasSize(threads).allSatisfy(d -> assertThat(Path.of(d)).doesNotExist());
    assertThat(provider.liveVmIds()).isEmpty();
  }

  @Test
  void numbersVmIdsInOrder() throws Exception {
    try (Vm first = allocate(); Vm second = allocate()) {
      assertThat(first.id()).startsWith("host-1-");
      assertThat(second.id()).startsWith("host-2-");
    }
  }

  @Test
  void aMissingProgramExitsWith127AndSaysSo() throws Exception {
    try (Vm vm = allocate()) {
      RecordingSink sink = new RecordingSink();
      ExecResult result = vm.exec(new ExecRequest(List.of("no-such-program-xyz"), ENV, vm.workDir(), Duration.ofSeconds(60)), sink);
      assertThat(result.exitCode()).isEqualTo(127);
      assertThat(String.join("\n", sink.stderr())).contains("no-such-program-xyz");
    }
  }

  @Test
  void aMissingWorkingDirectoryIsAVmExceptionNamingTheVm() throws Exception {
    try (Vm vm = allocate()) {
      ExecRequest request = new ExecRequest(List.of("true"), ENV, vm.workDir() + "/nope", Duration.ofSeconds(60));
      assertThatThrownBy(() -> vm.exec(request, OutputSink.NONE))
          .isInstanceOf(VmException.class)
          .hasMessageContaining("vm=" + vm.id())
          .hasMessageContaining("nope");
    }
  }

  @Test
  void relativeGuestPathsAreTakenFromTheWorkDir() throws Exception {
    try (Vm vm = allocate()) {
      vm.exec(sh(vm, "mkdir d && echo in-d > d/f"), OutputSink.NONE);
      RecordingSink sink = new RecordingSink();
      vm.exec(new ExecRequest(List.of("cat", "f"), ENV, "d", Duration.ofSeconds(60)), sink);
      assertThat(sink.stdout()).containsExactly("in-d");
      vm.copyOut("d/f", temp.resolve("f"));
      assertThat(Files.readString(temp.resolve("f"))).isEqualTo("in-d\n");
    }
  }

  @Test
  void killsOrphansThatWereReparentedAway() throws Exception {
    try (Vm vm = allocate()) {
      // the subshell exits at once, so its sleep is reparented to init: only the group still finds it
      RecordingSink sink = new RecordingSink();
      ExecResult result = vm.exec(new ExecRequest(List.of("sh", "-c", "(sleep 300 & echo $! > orphan); sleep 300"),
          ENV, vm.workDir(), Duration.ofSeconds(2)), sink);
      assertThat(result.timedOut()).isTrue();
      long orphan = Long.parseLong(Files.readString(Path.of(vm.workDir(), "orphan")).trim());
      assertThat(alive(orphan)).isFalse();
    }
  }

  @Test
  void aTreeThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
    try (Vm vm = allocate()) {
      RecordingSink sink = new RecordingSink();
      // an ignored signal stays ignored across exec, so the sleeps ignore SIGTERM too
      String script = "trap '' TERM; sleep 300 & echo $! > pids; echo $$ >> pids; echo started; wait";
      ExecResult result = vm.exec(new ExecRequest(List.of("sh", "-c", script), ENV, vm.workDir(), Duration.ofSeconds(2)), sink);
      assertThat(result.timedOut()).isTrue();
      assertThat(result.exitCode()).isEqualTo(128 + 9);
      assertThat(sink.stdout()).containsExactly("started");
      for (String pid : Files.readAllLines(Path.of(vm.workDir(), "pids"))) {
        assertThat(alive(Long.parseLong(pid))).as(pid).isFalse();
      }
    }
  }

  @Test
  void releaseKillsBackgroundProcessesLeftByEarlierExecs() throws Exception {
    Vm vm = allocate();
    RecordingSink sink = new RecordingSink();
    vm.exec(sh(vm, "sleep 300 & echo $!; (sleep 300 &) ; echo started"), sink);
    long pid = Long.parseLong(sink.stdout().get(0));
    assertThat(alive(pid)).isTrue();
    vm.close();
    assertThat(alive(pid)).isFalse();
  }

  @Test
  void aBackgroundProcessThatKeepsWritingDoesNotHoldTheExec() throws Exception {
    try (Vm vm = allocate()) {
      RecordingSink sink = new RecordingSink();
      ExecResult result = vm.exec(sh(vm, "(while true; do echo tick; sleep 0.05; done) & echo done"), sink);
      assertThat(result.exitCode()).isZero();
      assertThat(sink.stdout()).contains("done");
    }
  }

  @Test
  void aSlowSinkLosesNoOutput() throws Exception {
    AtomicInteger lines = new AtomicInteger();
    OutputSink slow = new OutputSink() {
      @Override
      public void stdout(String line) {
        if (lines.incrementAndGet() == 1) {
          try {
            Thread.sleep(OutputDrain.QUIET.toMillis() * 3); // longer than the drain's idle limit
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }

      @Override
      public void stderr(String line) {}
    };
    try (Vm vm = allocate()) {
      vm.exec(sh(vm, "seq 1 20000"), slow);
      assertThat(lines.get()).isEqualTo(20000);
    }
  }

  @Test
  void allocationAfterCloseFailsNamingTheProvider() throws Exception {
    allocate().close();
    provider.close();
    assertThatThrownBy(this::allocate).isInstanceOf(VmException.class).hasMessageContaining("closed");
  }

  @Test
  void aWorkDirThatCannotBeMadeIsAVmException() throws Exception {
    Path file = Files.writeString(temp.resolve("not-a-dir"), "x");
    try (HostVmProvider bad = HostVmProvider.create(file.resolve("root"))) {
      assertThatThrownBy(() -> bad.allocate(VmSpec.of(List.of(), Map.of())))
          .isInstanceOf(VmException.class)
          .hasMessageMatching("vm=host-1-[0-9a-f]{6}: cannot create workdir .*");
    }
  }

  @Test
  void refusesASpecWithoutNetworkItCannotEnforce() throws Exception {
    allocate().close();
    VmSpec offline = new VmSpec(List.of("ubuntu-latest"), 2, 1024, 0, VmSpec.NetworkPolicy.NONE, Map.of());
    assertThatThrownBy(() -> provider.allocate(offline))
        .isInstanceOf(VmException.class)
        .hasMessageContaining("network=NONE");
    assertThat(provider.liveVmIds()).isEmpty();
  }

  @Test
  void acceptsResourceLimitsItDoesNotEnforce() throws Exception {
    allocate().close();
    VmSpec sized = new VmSpec(List.of("big"), 8, 32768, 100_000, VmSpec.NetworkPolicy.OUTBOUND, Map.of());
    try (Vm vm = provider.allocate(sized)) {
      assertThat(vm.exec(sh(vm, "true"), OutputSink.NONE).exitCode()).isZero();
    }
  }

  @Test
  void refusesARootOthersCanWriteTo() throws Exception {
    Path shared = Files.createDirectory(temp.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    try (HostVmProvider exposed = HostVmProvider.create(shared)) {
      assertThatThrownBy(() -> exposed.allocate(VmSpec.of(List.of(), Map.of())))
          .isInstanceOf(VmException.class)
          .hasMessageContaining("not private");
    }
    try (var left = Files.list(shared)) {
      assertThat(left).isEmpty();
    }
  }

  private static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
