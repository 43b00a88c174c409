package dev.hearth.vm.microvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hearth.testing.RecordingSink;
import dev.hearth.testing.TestLocks;
import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmSpec;
import dev.hearth.vm.microvm.image.GuestImage;
import dev.hearth.vm.microvm.image.ImageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/** What the microvm provider promises beyond the contract: resources, escapes, boots, the image and KVM. */
@ResourceLock(TestLocks.MICROVM)
@Timeout(600)
class MicrovmVmProviderTest {
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin");
  /**
   * Starts a process in its own session that ignores SIGTERM and holds no pipe of the command, prints
   * its PID, and returns once it is ready (Python: the image has no util-linux {@code setsid}).
   */
  private static final String STUBBORN_IN_OWN_SESSION = "python3 -c 'import os, signal, time; os.setsid();"
      + " signal.signal(signal.SIGTERM, signal.SIG_IGN); open(\"/tmp/ready\", \"w\").close(); time.sleep(1000)'"
      + " </dev/null >/dev/null 2>&1 & echo $!; while [ ! -e /tmp/ready ]; do sleep 0.05; done; rm /tmp/ready";
  /** Exits 0 once {@code $P} is gone (killed and reaped), 1 if it still runs 10 s later. */
  private static final String GONE = "for i in $(seq 100); do kill -0 $P 2>/dev/null || exit 0; sleep 0.1; done; exit 1";

  @TempDir Path temp;

  private static VmSpec spec(int vcpus, long memoryMb, VmSpec.NetworkPolicy network) {
    return new VmSpec(List.of("ubuntu-latest"), vcpus, memoryMb, 0, network, Map.of("test", "MicrovmVmProviderTest"));
  }

  private static ExecResult run(MicrovmVm vm, String script, RecordingSink sink) throws Exception {
    return vm.exec(new ExecRequest(List.of("sh", "-c", script), ENV, vm.workDir(), Duration.ofSeconds(120)), sink);
  }

  @Test
  void vcpusAndMemoryComeFromTheSpec() throws Exception {
    try (MicrovmVmProvider provider = TestImages.provider(temp.resolve("vms"));
        MicrovmVm vm = (MicrovmVm) provider.allocate(spec(2, 384, VmSpec.NetworkPolicy.NONE))) {
      RecordingSink sink = new RecordingSink();
      run(vm, "nproc; awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo", sink);
      assertThat(sink.stdout().get(0)).isEqualTo("2");
      assertThat(Integer.parseInt(sink.stdout().get(1))).isBetween(300, 384);
    }
  }

  @Test
  void exhaustingTheVmsMemoryFailsTheCommandWithAClearMessageAndTheVmLivesOn() throws Exception {
    try (MicrovmVmProvider provider = TestImages.provider(temp.resolve("vms"));
        MicrovmVm vm = (MicrovmVm) provider.allocate(spec(1, 256, VmSpec.NetworkPolicy.NONE))) {
      RecordingSink sink = new RecordingSink();
      ExecResult result = run(vm, "tail /dev/zero", sink);
      assertThat(result.exitCode()).isEqualTo(137);
      assertThat(sink.stderr()).anySatisfy(line -> assertThat(line)
          .contains("out-of-memory killer stopped this command").contains(vm.id()).contains("256 MiB"));
      RecordingSink after = new RecordingSink();
      assertThat(run(vm, "echo alive", after).exitCode()).isZero();
      assertThat(after.stdout()).containsExactly("alive");
    }
  }

  @Test
  void writingPastTheDiskQuotaFailsWithAClearMessageAndTheVmLivesOn() throws Exception {
    Path runtime = temp.resolve("vms");
    VmSpec quota = new VmSpec(List.of("ubuntu-latest"), 0, 0, 32, VmSpec.NetworkPolicy.NONE, Map.of("test", "disk quota"));
    try (MicrovmVmProvider provider = TestImages.provider(runtime);
        MicrovmVm vm = (MicrovmVm) provider.allocate(quota)) {
      RecordingSink sink = new RecordingSink();
      ExecResult result = run(vm, "head -c 48M /dev/zero > big", sink);
      assertThat(result.exitCode()).isNotZero();
      assertThat(sink.stderr()).anySatisfy(line -> assertThat(line).contains("No space left on device"));
      assertThat(sink.stderr()).anySatisfy(line -> assertThat(line)
          .contains("workspace disk full").contains(vm.id()).contains("disk quota of 32 MiB"));
      assertThat(Files.size(runtime.resolve(vm.id()).resolve(WorkDisk.FILE))).isEqualTo(32L << 20);
      RecordingSink after = new RecordingSink();
      assertThat(run(vm, "rm big && echo alive", after).exitCode()).isZero();
      assertThat(after.stdout()).containsExactly("alive");
    }
    assertThat(qemuProcessesUnder(runtime)).isEmpty();
  }

  @Test
  void theGuestHasTheDefaultImagesToolsAndCertificates() throws Exception {
    try (MicrovmVmProvider provider = TestImages.provider(temp.resolve("vms"));
        MicrovmVm vm = (MicrovmVm) provider.allocate(spec(0, 0, VmSpec.NetworkPolicy.NONE))) {
      RecordingSink sink = new RecordingSink();
      ExecResult result = run(vm, "bash -c 'echo bash' && git --version >/dev/null && echo git"
          + " && python3 -c 'print(\"python\")' && node -e 'console.log(\"node\")'"
          + " && [ -s /etc/ssl/certs/ca-certificates.crt ] && echo certs", sink);
      assertThat(result.exitCode()).as("stderr %s", sink.stderr()).isZero();
      assertThat(sink.stdout()).containsExactly("bash", "git", "python", "node", "certs");
    }
  }

  @Test
  void programsFindTheirLibrariesInTheLinkersCacheWithoutSearchingDirectories() throws Exception {
    try (MicrovmVmProvider provider = TestImages.provider(temp.resolve("vms"));
        MicrovmVm vm = (MicrovmVm) provider.allocate(spec(0, 0, VmSpec.NetworkPolicy.NONE))) {
      RecordingSink sink = new RecordingSink();
      ExecResult result = run(vm, "LD_DEBUG=libs git --version", sink);
      assertThat(result.exitCode()).as("stderr %s", sink.stderr()).isZero();
      assertThat(sink.stderr()).as("the dynamic linker's trace").anySatisfy(line -> assertThat(line).contains("search cache=/etc/ld.so.cache"));
      assertThat(sink.stderr()).as("the dynamic linker's trace").noneSatisfy(line -> assertThat(line).contains("search path="));
    }
  }

  @Test
  void aTimeoutKillsAChildThatMovedToItsOwnSessionButNotAnEarlierCommandsBackgroundProcess() throws Exception {
    try (MicrovmVmProvider provider = TestImages.provider(temp.resolve("vms"));
        MicrovmVm vm = (MicrovmVm) provider.allocate(spec(0, 0, VmSpec.NetworkPolicy.NONE))) {
      RecordingSink earlier = new RecordingSink();
      assertThat(run(vm, STUBBORN_IN_OWN_SESSION, earlier).exitCode()).isZero();
      RecordingSink step = new RecordingSink();
      ExecResult result = vm.exec(new ExecRequest(List.of("sh", "-c", STUBBORN_IN_OWN_SESSION + "; sleep 300"), ENV, vm.workDir(),
          Duration.ofSeconds(10)), step);
      assertThat(result.timedOut()).isTrue();
      RecordingSink check = new RecordingSink();
      run(vm, "P=" + step.stdout().get(0) + "; (" + GONE + "); echo gone=$?; kill -0 " + earlier.stdout().get(0) + "; echo earlier=$?", check);
      assertThat(check.stdout()).as("the timed-out step's child in its own session, and the earlier command's")
          .containsExactly("gone=0", "earlier=0");
    }
  }

  @Test
  void bashProcessSubstitutionAndDevStderrWorkAsOnARunner() throws Exception {
    try (MicrovmVmProvider provider = TestImages.provider(temp.resolve("vms"));
        MicrovmVm vm = (MicrovmVm) provider.allocate(spec(0, 0, VmSpec.NetworkPolicy.NONE))) {
      RecordingSink sink = new RecordingSink();
      ExecResult result = run(vm, "bash -c 'cat <(echo substituted); echo to-stderr > /dev/stderr'", sink);
      assertThat(result.exitCode()).as("stderr %s", sink.stderr()).isZero();
      assertThat(sink.stdout()).containsExactly("substituted");
      assertThat(sink.stderr()).containsExactly("to-stderr");
    }
  }

  @Test
  void aBootThatMissesItsDeadlineKillsQemuAndLeavesNothing() throws Exception {
    Path runtime = temp.resolve("vms");
    GuestImage image = TestImages.image();
    MicrovmOptions options = MicrovmOptions.defaults().withRuntimeRoot(runtime).withBootTimeout(Duration.ofMillis(300))
        .withAccelerator("tcg").withSnapshots(false);
    try (MicrovmVmProvider provider = new MicrovmVmProvider(new ImageStore(image.dir().getParent()), TestImages.recipe(), options,
        line -> {})) {
      assertThatThrownBy(() -> provider.allocate(spec(0, 0, VmSpec.NetworkPolicy.NONE)))
          .isInstanceOf(VmException.class)
          .hasMessageContaining("within 0 s");
    }
    assertThat(qemuProcessesUnder(runtime)).isEmpty();
    try (var left = Files.list(runtime)) {
      assertThat(left.toList()).isEmpty();
    }
  }

  @Test
  void vmsRestoredFromOneSnapshotHaveTheirOwnRandomnessClockAndPids() throws Exception {
    try (MicrovmVmProvider provider = TestImages.provider(temp.resolve("vms"));
        MicrovmVm a = (MicrovmVm) provider.allocate(spec(0, 0, VmSpec.NetworkPolicy.NONE));
        MicrovmVm b = (MicrovmVm) provider.allocate(spec(0, 0, VmSpec.NetworkPolicy.NONE))) {
      String probe = "od -An -tx1 -N16 /dev/urandom | tr -d ' '; date +%s; sh -c 'echo $$'";
      RecordingSink first = new RecordingSink();
      RecordingSink second = new RecordingSink();
      run(a, probe, first);
      run(b, probe, second);
      assertThat(first.stdout().get(0)).isNotEqualTo(second.stdout().get(0));
      long now = System.currentTimeMillis() / 1000;
      assertThat(Long.parseLong(first.stdout().get(1))).isBetween(now - 120, now + 5);
      assertThat(Long.parseLong(second.stdout().get(1))).isBetween(now - 120, now + 5);
      assertThat(first.stdout().get(2)).isNotEqualTo(second.stdout().get(2));
    }
  }

  @Test
  void releaseStopsQemuAndRemovesTheSocketAndIsIdempotent() throws Exception {
    Path runtime = temp.resolve("vms");
    try (MicrovmVmProvider provider = TestImages.provider(runtime)) {
      MicrovmVm vm = (MicrovmVm) provider.allocate(spec(0, 0, VmSpec.NetworkPolicy.OUTBOUND));
      long pid = vm.qemuPid();
      assertThat(ProcessHandle.of(pid)).isPresent();
      assertThat(vm.ping(Duration.ofSeconds(30))).isTrue();
      vm.close();
      vm.close();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(vm.ping(Duration.ofSeconds(1))).isFalse();
      assertThat(provider.liveVmIds()).isEmpty();
      try (var left = Files.list(runtime)) {
        assertThat(left.toList()).isEmpty();
      }
    }
  }

  @Test
  void theImageIsBuiltOnceAndFoundByItsRecipe() throws Exception {
    GuestImage image = TestImages.image();
    ImageStore store = new ImageStore(image.dir().getParent());
    List<String> progress = new ArrayList<>();
    GuestImage again = store.ensure(TestImages.recipe(), progress::add);
    assertThat(again).isEqualTo(image);
    assertThat(progress).singleElement().asString().contains("is up to date");
    assertThat(store.list()).contains(image);
    assertThat(Files.readString(image.recipe())).contains("packages=").contains("nodejs").contains("python3");
  }

  @Test
  void kvmRunsTheGuestWhereTheProbeSaysItWorks() throws Exception {
    try (MicrovmVmProvider provider = TestImages.provider(temp.resolve("vms"))) {
      String verdict = provider.acceleratorVerdict();
      assumeTrue(verdict.startsWith("KVM runs guests"), "this machine's KVM cannot run a normal guest, so the KVM path"
          + " cannot be tested here: " + verdict);
      try (MicrovmVm vm = (MicrovmVm) provider.allocate(spec(0, 0, VmSpec.NetworkPolicy.NONE))) {
        RecordingSink sink = new RecordingSink();
        run(vm, "echo on-kvm", sink);
        assertThat(sink.stdout()).containsExactly("on-kvm");
      }
    }
  }

  private static List<String> qemuProcessesUnder(Path runtime) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(runtime.toString())).orElse(false))
        .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
        .toList();
  }
}
