package dev.hearth.vm.sandbox;

import dev.hearth.vm.net.HostAddresses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hearth.testing.RecordingSink;
import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmSpec;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a workflow inside the sandbox must not be able to do to the host or to another run, nor to
 * its own step's timeout (a child in a session of its own still dies with the step, as GitHub's runner
 * kills a step's process tree). Each test tries the escape and asserts it fails.
 */
@Timeout(120)
class SandboxEscapeTest {
  private static final Map<String, String> ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin");
  /**
   * Starts a process in its own session that ignores SIGTERM and holds no pipe of the command, prints
   * its PID, and returns once it is ready.
   */
  private static final String STUBBORN_IN_OWN_SESSION = "setsid sh -c 'trap \"\" TERM; touch /tmp/ready; while :; do sleep 1; done'"
      + " </dev/null >/dev/null 2>&1 & echo $!; while [ ! -e /tmp/ready ]; do sleep 0.05; done; rm /tmp/ready";
  /** Exits 0 once {@code $P} is gone (killed and reaped), 1 if it still runs 10 s later. */
  private static final String GONE = "for i in $(seq 100); do kill -0 $P 2>/dev/null || exit 0; sleep 0.1; done; exit 1";

  @TempDir Path temp;
  private SandboxVmProvider provider;

  @BeforeAll
  static void needsBubblewrap() {
    assumeTrue(SandboxVmProvider.probe().works(), "sandbox provider cannot run here: " + SandboxVmProvider.probe().why());
  }

  @BeforeEach
  void open() throws Exception {
    provider = SandboxVmProvider.create(temp.resolve("sandboxes"), Duration.ofSeconds(1));
  }

  @AfterEach
  void close() {
    provider.close();
  }

  private Vm allocate(VmSpec.NetworkPolicy network, long memoryMb) throws Exception {
    return provider.allocate(new VmSpec(List.of("ubuntu-latest"), 0, memoryMb, 0, network, Map.of("test", "escape")));
  }

  private static ExecResult sh(Vm vm, String script, RecordingSink sink) throws Exception {
    return sh(vm, script, Duration.ofSeconds(60), sink);
  }

  private static ExecResult sh(Vm vm, String script, Duration timeout, RecordingSink sink) throws Exception {
    return vm.exec(new ExecRequest(List.of("sh", "-c", script), ENV, vm.workDir(), timeout), sink);
  }

  @Test
  void aChildThatMovedToItsOwnSessionAndIgnoresSigtermDoesNotOutliveItsStepsTimeout() throws Exception {
    try (Vm vm = allocate(VmSpec.NetworkPolicy.NONE, 0)) {
      RecordingSink step = new RecordingSink();
      ExecResult result = sh(vm, STUBBORN_IN_OWN_SESSION + "; sleep 300", Duration.ofSeconds(1), step);
      assertThat(result.timedOut()).isTrue();
      String pid = step.stdout().get(0);
      assertThat(sh(vm, "P=" + pid + "; " + GONE, new RecordingSink()).exitCode())
          .as("the step's child in its own session (pid %s) after the step timed out", pid).isZero();
    }
  }

  @Test
  void aBackgroundProcessOfAnEarlierStepOutlivesALaterStepsTimeout() throws Exception {
    try (Vm vm = allocate(VmSpec.NetworkPolicy.NONE, 0)) {
      RecordingSink earlier = new RecordingSink();
      assertThat(sh(vm, STUBBORN_IN_OWN_SESSION, earlier).exitCode()).isZero();
      String pid = earlier.stdout().get(0);
      assertThat(sh(vm, "sleep 300", Duration.ofSeconds(1), new RecordingSink()).timedOut()).isTrue();
      assertThat(sh(vm, "kill -0 " + pid, new RecordingSink()).exitCode())
          .as("the earlier step's background process (pid %s)", pid).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"user.home", "root", "java.io.tmpdir"})
  void cannotReadAHostFileInHomeRootOrTemp(String where) throws Exception {
    Path dir = switch (where) {
      case "root" -> Path.of("/root");
      default -> Path.of(System.getProperty(where));
    };
    assumeTrue(Files.isWritable(dir), "cannot plant a file in " + dir + " as this user");
    Path secret = dir.resolve("hearth-escape-" + UUID.randomUUID() + ".txt");
    Files.writeString(secret, "host secret\n");
    try (Vm vm = allocate(VmSpec.NetworkPolicy.OUTBOUND, 0)) {
      RecordingSink sink = new RecordingSink();
      ExecResult result = sh(vm, "cat '" + secret + "'; ls -a '" + dir + "' | grep -c hearth-escape; true", sink);
      assertThat(result.exitCode()).isZero();
      assertThat(sink.stdout()).as("reading %s from the sandbox", secret).containsExactly("0");
    } finally {
      Files.deleteIfExists(secret);
    }
  }

  @Test
  void seesNoHostSecretsOrState() throws Exception {
    try (Vm vm = allocate(VmSpec.NetworkPolicy.OUTBOUND, 0)) {
      RecordingSink sink = new RecordingSink();
      sh(vm, "for p in /root /var /run /etc/shadow /etc/ssh /etc/ssl/private /work /opt /srv /mnt /boot; do "
          + "[ -e $p ] && [ -n \"$(ls -A $p 2>/dev/null)\" ] && echo visible $p; done; ls -A /home; whoami; cut -d: -f1 /etc/passwd", sink);
      assertThat(sink.stdout()).containsExactly("runner", "runner", "root", "runner", "nobody");
    }
  }

  @Test
  void cannotReadOrSignalAnotherLiveVm() throws Exception {
    try (Vm a = allocate(VmSpec.NetworkPolicy.OUTBOUND, 0); Vm b = allocate(VmSpec.NetworkPolicy.OUTBOUND, 0)) {
      RecordingSink sink = new RecordingSink();
      sh(a, "echo a-secret > /tmp/secret; echo a-work > secret; sh -c 'sleep 300; :' a-target > /dev/null 2>&1 &", sink);
      Path aHost = provider.root().resolve(a.id());
      RecordingSink seen = new RecordingSink();
      sh(b, "cat /tmp/secret secret '" + aHost + "/tmp/secret' 2>/dev/null; true", seen);
      assertThat(seen.stdout()).doesNotContain("a-secret", "a-work");
      try {
        sh(b, "kill -9 -1", new RecordingSink()); // kills b's own sandbox, and only that
      } catch (dev.hearth.vm.VmException ownSandboxDied) {
        assertThat(ownSandboxDied).hasMessageContaining(b.id());
      }
      RecordingSink still = new RecordingSink();
      sh(a, "cat /tmp/secret; for f in /proc/[0-9]*/cmdline; do tr '\\000' ' ' < $f; echo; done | grep -c 'a-[t]arget'", still);
      assertThat(still.stdout()).containsExactly("a-secret", "1");
    }
  }

  @ParameterizedTest
  @EnumSource(VmSpec.NetworkPolicy.class)
  void cannotConnectToAPortTheHostListensOnAtLoopback(VmSpec.NetworkPolicy policy) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); Vm vm = allocate(policy, 0)) {
      RecordingSink sink = new RecordingSink();
      for (String host : List.of("127.0.0.1", "10.0.2.2", "localhost")) {
        sh(vm, "timeout 10 bash -c 'exec 3<>/dev/tcp/" + host + "/" + server.getLocalPort() + "' 2>/dev/null && echo reached " + host, sink);
      }
      assertThat(sink.stdout()).as("network=%s reaching the host's 127.0.0.1:%d", policy, server.getLocalPort()).isEmpty();
    }
  }

  @Test
  void outboundCannotReachTheCloudMetadataAddressOrTheHostsOwnAddresses() throws Exception {
    try (Vm vm = allocate(VmSpec.NetworkPolicy.OUTBOUND, 0)) {
      RecordingSink sink = new RecordingSink();
      sh(vm, "ip route 2>/dev/null | grep -c '^blackhole'; true", sink);
      assertThat(sink.stdout()).containsExactly(Integer.toString(HostAddresses.ipv4().size() + 1));
      RecordingSink reached = new RecordingSink();
      sh(vm, "timeout 5 bash -c 'exec 3<>/dev/tcp/169.254.169.254/80' 2>/dev/null && echo reached; true", reached);
      assertThat(reached.stdout()).isEmpty();
    }
  }

  @Test
  void underNoneReachesNothingAtAll() throws Exception {
    try (Vm vm = allocate(VmSpec.NetworkPolicy.NONE, 0)) {
      RecordingSink sink = new RecordingSink();
      sh(vm, "for t in 1.1.1.1/53 8.8.8.8/53 10.0.2.2/80 10.0.2.3/53 " + HostAddresses.ipv4().stream().map(a -> a + "/22").reduce("", (x, y) -> x + " " + y)
          + "; do timeout 5 bash -c \"exec 3<>/dev/tcp/${t%/*}/${t#*/}\" 2>/dev/null && echo reached $t; done; "
          + "getent hosts debian.org > /dev/null && echo resolved; cat /etc/resolv.conf | grep -c nameserver; true", sink);
      assertThat(sink.stdout()).containsExactly("0");
    }
  }

  @Test
  void outboundReachesTheInternetWhenTheHostDoes() throws Exception {
    assumeTrue(hostReaches("1.1.1.1", 53), "this host itself cannot reach 1.1.1.1:53");
    try (Vm vm = allocate(VmSpec.NetworkPolicy.OUTBOUND, 0)) {
      RecordingSink sink = new RecordingSink();
      sh(vm, "timeout 10 bash -c 'exec 3<>/dev/tcp/1.1.1.1/53' && echo reached", sink);
      assertThat(sink.stdout()).containsExactly("reached");
    }
  }

  @Test
  void exhaustingMemoryPastTheQuotaKillsOnlyTheRun() throws Exception {
    Cgroups cgroups = Cgroups.detect();
    assumeTrue(cgroups.enabled(), "memory quota not enforceable here: " + cgroups.whyNot());
    try (Vm vm = allocate(VmSpec.NetworkPolicy.NONE, 64); Vm other = allocate(VmSpec.NetworkPolicy.NONE, 0)) {
      RecordingSink sink = new RecordingSink();
      ExecResult hog = sh(vm, "head -c 512m /dev/zero | tail > /dev/null", sink);
      assertThat(hog.exitCode()).isNotZero();
      assertThat(sink.stderr()).anyMatch(l -> l.contains("memory limit"));
      assertThat(sh(other, "echo alive", new RecordingSink()).exitCode()).isZero();
    }
  }

  private static boolean hostReaches(String host, int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress(host, port), 3000);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
