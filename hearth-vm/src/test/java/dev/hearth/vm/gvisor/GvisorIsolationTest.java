package dev.hearth.vm.gvisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hearth.testing.RecordingSink;
import dev.hearth.testing.TestLocks;
import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/** What a gVisor guest can and cannot reach, beyond the provider contract: escape attempts that must fail. */
@ResourceLock(TestLocks.GVISOR)
@Timeout(120)
class GvisorIsolationTest {
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin");

  @TempDir Path temp;
  private GvisorVmProvider provider;

  @BeforeAll
  static void needsRunscAndRoot() {
    assumeTrue(GvisorVmProvider.unavailability().isEmpty(),
        () -> "gvisor provider tests skipped: " + GvisorVmProvider.unavailability().orElse(""));
  }

  @BeforeEach
  void open() throws Exception {
    provider = GvisorVmProvider.create(temp.resolve("gvisor"), Duration.ofSeconds(2));
  }

  @AfterEach
  void close() {
    provider.close();
  }

  private Vm allocate(VmSpec.NetworkPolicy network) throws Exception {
    return provider.allocate(new VmSpec(List.of("ubuntu-latest"), 0, 0, 0, network, Map.of("test", "isolation")));
  }

  private static ExecResult run(Vm vm, String script, RecordingSink sink) throws Exception {
    return vm.exec(new ExecRequest(List.of("bash", "-c", script), ENV, vm.workDir(), Duration.ofSeconds(60)), sink);
  }

  private static List<String> output(Vm vm, String script) throws Exception {
    RecordingSink sink = new RecordingSink();
    ExecResult result = run(vm, script, sink);
    assertThat(result.exitCode()).as("%s; stderr %s", script, sink.stderr()).isZero();
    return sink.stdout();
  }

  @Test
  void lsAndStatWorkDespiteTheOldRunscsStatx() throws Exception {
    try (Vm vm = allocate(VmSpec.NetworkPolicy.NONE)) {
      assertThat(output(vm, "touch f && ls && stat -c %s f && ls -ld /usr | cut -c1")).containsExactly("f", "0", "d");
    }
  }

  @Test
  void theGuestSeesNoHomesSecretsOrHostStateDirectories() throws Exception {
    try (Vm vm = allocate(VmSpec.NetworkPolicy.NONE)) {
      List<String> present = output(vm, "for p in /root /var /run /srv /opt /mnt /etc/shadow /etc/ssh /home/cloudsdk "
          + "/etc/sudoers; do [ -e $p ] && echo $p; done; ls /home");
      assertThat(present).containsExactly("runner");
      assertThat(output(vm, "id -un; cat /etc/hostname")).containsExactly("runner", "hearth");
    }
  }

  @Test
  void theSystemRootIsReadOnly() throws Exception {
    try (Vm vm = allocate(VmSpec.NetworkPolicy.NONE)) {
      RecordingSink sink = new RecordingSink();
      ExecResult result = run(vm, "touch /usr/bin/hearth-escape || touch /etc/hearth-escape || touch /hearth-escape", sink);
      assertThat(result.exitCode()).isNotZero();
      assertThat(Path.of("/usr/bin/hearth-escape")).doesNotExist();
    }
  }

  @Test
  void aCommandCannotKillTheSandboxItRunsIn() throws Exception {
    try (Vm vm = allocate(VmSpec.NetworkPolicy.NONE)) {
      run(vm, "kill -KILL 1; kill -KILL -1", new RecordingSink());
      assertThat(output(vm, "echo alive")).containsExactly("alive");
    }
  }

  @Test
  void filesCopiedInBelongToTheRunnerAndCanBeChanged() throws Exception {
    Path file = temp.resolve("in.txt");
    Files.writeString(file, "from the host\n");
    try (Vm vm = allocate(VmSpec.NetworkPolicy.NONE)) {
      vm.copyIn(file, "in.txt");
      assertThat(output(vm, "stat -c %U in.txt && echo changed >> in.txt && cat in.txt"))
          .containsExactly("runner", "from the host", "changed");
    }
  }

  @Test
  void aSymbolicLinkPlantedInTheGuestDoesNotLeadCopyOutToHostFiles() throws Exception {
    Path secret = temp.resolve("host-secret");
    Files.writeString(secret, "host only\n");
    try (Vm vm = allocate(VmSpec.NetworkPolicy.NONE)) {
      output(vm, "ln -s " + secret + " trap");
      vm.copyOut("trap", temp.resolve("out"));
      assertThat(Files.isSymbolicLink(temp.resolve("out"))).isTrue();
      RecordingSink sink = new RecordingSink();
      assertThat(run(vm, "cat trap", sink).exitCode()).isNotZero();
    }
  }

  @Test
  void underNetworkNoneNothingAtAllIsReachable() throws Exception {
    try (Vm vm = allocate(VmSpec.NetworkPolicy.NONE)) {
      for (String target : List.of("10.0.2.3/53", "10.0.2.2/22", "1.1.1.1/53", "8.8.8.8/443")) {
        RecordingSink sink = new RecordingSink();
        ExecResult result = run(vm, "timeout 5 bash -c 'exec 3<>/dev/tcp/" + target + " && echo connected'", sink);
        assertThat(sink.stdout()).as("network=NONE connecting to %s", target).isEmpty();
        assertThat(result.exitCode()).isNotZero();
      }
      assertThat(output(vm, "cat /etc/resolv.conf")).doesNotContain("nameserver 10.0.2.3");
    }
  }

  @Test
  void underOutboundTheUserModeStackAnswersButItsGatewayDoesNotLeadToTheHost() throws Exception {
    try (Vm vm = allocate(VmSpec.NetworkPolicy.OUTBOUND)) {
      assertThat(output(vm, "timeout 10 bash -c 'exec 3<>/dev/tcp/10.0.2.3/53 && echo connected'")).containsExactly("connected");
      assertThat(output(vm, "cat /etc/resolv.conf")).containsExactly("nameserver 10.0.2.3");
      assertThat(output(vm, "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort")).containsExactly("lo", "tap0");
      RecordingSink metadata = new RecordingSink();
      run(vm, "timeout 5 bash -c 'exec 3<>/dev/tcp/169.254.169.254/80 && echo connected'", metadata);
      assertThat(metadata.stdout()).as("the cloud metadata address stays inside the sandbox").isEmpty();
    }
  }

  @Test
  void aRunPastItsMemoryQuotaLosesItsSandboxWithAClearMessageWhileOthersLiveOn() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/sys/fs/cgroup/memory")) || Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers")),
        "no memory cgroup on this host: quotas cannot be enforced");
    VmSpec quota = new VmSpec(List.of("ubuntu-latest"), 0, 128, 0, VmSpec.NetworkPolicy.NONE, Map.of("test", "quota"));
    String greedyId;
    try (Vm other = allocate(VmSpec.NetworkPolicy.NONE); Vm greedy = provider.allocate(quota)) {
      greedyId = greedy.id();
      assertThat(output(greedy, "python3 -c 'x = bytearray(16 << 20); print(len(x))'")).containsExactly("16777216");
      assertThatThrownBy(() -> run(greedy, "python3 -c 'x = b\"x\" * (1 << 30); print(len(x))'", new RecordingSink()))
          .isInstanceOf(VmException.class)
          .hasMessageContaining(greedy.id())
          .hasMessageContaining("memory quota of 128 MiB");
      assertThat(output(other, "echo alive")).containsExactly("alive");
    }
    Path memoryCgroups = Files.isDirectory(Path.of("/sys/fs/cgroup/memory")) ? Path.of("/sys/fs/cgroup/memory") : Path.of("/sys/fs/cgroup");
    try (var cgroups = Files.list(memoryCgroups)) {
      assertThat(cgroups.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("hearth-" + greedyId + "-"));
    }
  }
}
