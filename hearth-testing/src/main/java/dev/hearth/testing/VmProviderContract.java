package dev.hearth.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.VmSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link VmProvider} must have. A provider's test class extends this, says how
 * to make the provider, what it isolates and where it leaves traces on the host ({@link
 * #hostFootprint()}), and inherits every test; add provider-specific tests beside them. The guest
 * needs a POSIX {@code sh}, {@code bash} (for {@code /dev/tcp}) and the usual core utilities on
 * {@link #path()}.
 *
 * <p>What it checks: allocation returns a VM that runs a command at once; exec streams stdout and
 * stderr each in order, reports every exit code 0–255, honours env, working directory, stdin and
 * timeout (killing the whole process tree), copes with 10 MiB of output, very long lines and bytes
 * that are not UTF-8; copy in and out keeps trees, modes and symbolic links; release is idempotent
 * and leaves nothing on the host (no process, mount, file or socket, as {@link #hostFootprint()}
 * sees them); two live VMs are isolated as far as the provider promises ({@link #isolatesFiles()},
 * {@link #isolatesProcesses()}, {@link #isolatesHostNetwork()}), and a provider that promises
 * isolation keeps host files outside the work directory, host processes and the host's own network
 * services out of reach.
 *
 * <p>Tests never assert speed; the class-wide {@link Timeout} only stops a hung provider.
 */
@Timeout(120)
public abstract class VmProviderContract {
  /** A script's pids: it starts two sleeps in the background, writes its own and their pids, waits. */
  private static final String TREE =
      "sleep 300 & echo $! > pids; sleep 300 & echo $! >> pids; echo $$ >> pids; echo started; wait";

  @TempDir protected Path hostTemp;
  protected VmProvider provider;
  private ExecutorService threads;

  /** A new provider for one test; the suite closes it after the test. */
  protected abstract VmProvider provider() throws Exception;

  /** True when a VM cannot see another VM's (or the host's) files. The host provider: false. */
  protected abstract boolean isolatesFiles();

  /** True when a VM cannot see or signal another VM's (or the host's) processes. The host provider: false. */
  protected abstract boolean isolatesProcesses();

  /**
   * True when a VM cannot connect to services listening on the host (its loopback and its other
   * addresses, and {@link #hostAliases()}), under every network policy. The host provider: false.
   */
  protected abstract boolean isolatesHostNetwork();

  /**
   * What the provider holds on the host right now that a VM could leak: processes, mounts, files,
   * sockets. Scope it to what this provider makes (its root directory, the binaries it starts, its
   * socket paths), using the finders of {@link HostFootprint}; the suite compares it before
   * allocation, while a VM lives (it must see something then, or the hook is blind) and after release.
   */
  protected abstract HostFootprint hostFootprint() throws Exception;

  /** Extra names or addresses by which a guest could reach the host ({@code 10.0.2.2} under QEMU user networking). */
  protected List<String> hostAliases() {
    return List.of();
  }

  /** The {@code PATH} commands in the guest are found on. */
  protected String path() {
    return "/usr/local/bin:/usr/bin:/bin";
  }

  @BeforeEach
  final void openProvider() throws Exception {
    provider = provider();
    threads = Executors.newCachedThreadPool();
  }

  @AfterEach
  final void closeProvider() {
    threads.shutdownNow();
    provider.close();
  }

  // --- helpers ---

  protected Vm allocate() throws Exception {
    return provider.allocate(VmSpec.of(List.of("ubuntu-latest"), Map.of("test", getClass().getSimpleName())));
  }

  protected Map<String, String> env() {
    return Map.of("PATH", path());
  }

  protected ExecRequest script(Vm vm, String script) {
    return new ExecRequest(List.of("sh", "-c", script), env(), vm.workDir(), Duration.ofSeconds(60));
  }

  protected ExecResult run(Vm vm, String script, RecordingSink sink) throws Exception {
    return vm.exec(script(vm, script), sink);
  }

  /** Runs {@code script} expecting success and returns its stdout lines. */
  protected List<String> output(Vm vm, String script) throws Exception {
    RecordingSink sink = new RecordingSink();
    ExecResult result = run(vm, script, sink);
    assertThat(result.exitCode()).as("exit code of %s; stderr %s", script, sink.stderr()).isZero();
    return sink.stdout();
  }

  /** The pids in the VM's {@code pids} file that are still alive (zombies count as dead), after waiting up to 30 s. */
  private List<String> survivors(Vm vm) throws Exception {
    String check = "for p in $(cat pids); do s=$(cat /proc/$p/stat 2>/dev/null) && "
        + "case \"$s\" in *') Z '*) ;; *) echo $p;; esac; done; true";
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<String> alive = output(vm, check);
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50); // polling a condition in the guest: there is nothing to wait on
      alive = output(vm, check);
    }
    return alive;
  }

  // --- allocation and exec ---

  @Test
  void allocatedVmRunsACommandAtOnce() throws Exception {
    try (Vm vm = allocate()) {
      ExecResult result = vm.exec(new ExecRequest(List.of("true"), env(), vm.workDir(), Duration.ofSeconds(60)), OutputSink.NONE);
      assertThat(result.exitCode()).isZero();
      assertThat(result.timedOut()).isFalse();
      assertThat(result.succeeded()).isTrue();
    }
  }

  @Test
  void allocateWithTheInterruptFlagSetThrowsAndMakesNothing() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(this::allocate).isInstanceOf(InterruptedException.class);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void acceptsAnyPositiveTimeoutUpToTheLargestDuration() throws Exception {
    try (Vm vm = allocate()) {
      for (Duration timeout : List.of(Duration.ofDays(365L * 1000), Duration.ofSeconds(Long.MAX_VALUE))) {
        ExecResult result = vm.exec(new ExecRequest(List.of("true"), env(), vm.workDir(), timeout), OutputSink.NONE);
        assertThat(result.exitCode()).as("timeout %s", timeout).isZero();
      }
    }
  }

  @Test
  void workDirIsEmptyAndWritable() throws Exception {
    try (Vm vm = allocate()) {
      assertThat(output(vm, "ls -A; echo hello > f; cat f")).containsExactly("hello");
    }
  }

  @Test
  void streamsStdoutAndStderrEachInOrder() throws Exception {
    try (Vm vm = allocate()) {
      RecordingSink sink = new RecordingSink();
      run(vm, "echo out1; echo err1 >&2; echo out2; echo err2 >&2; printf 'no newline'", sink);
      assertThat(sink.stdout()).containsExactly("out1", "out2", "no newline");
      assertThat(sink.stderr()).containsExactly("err1", "err2");
    }
  }

  @Test
  void deliversOutputWhileTheCommandStillRuns() throws Exception {
    try (Vm vm = allocate()) {
      RecordingSink sink = new RecordingSink();
      Future<ExecResult> exec = threads.submit(() -> run(vm, "echo first; sleep 300", sink));
      assertThat(sink.awaitStdout("first"::equals, Duration.ofSeconds(60))).isTrue();
      assertThat(exec).isNotDone();
      exec.cancel(true);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 42, 126, 127, 128, 255})
  void reportsTheExitCode(int code) throws Exception {
    try (Vm vm = allocate()) {
      ExecResult result = run(vm, "exit " + code, new RecordingSink());
      assertThat(result.exitCode()).isEqualTo(code);
      assertThat(result.timedOut()).isFalse();
    }
  }

  @Test
  void reportsEveryExitCodeFrom0To255() throws Exception {
    try (Vm vm = allocate()) {
      for (int code = 0; code <= 255; code++) {
        ExecResult result = vm.exec(new ExecRequest(List.of("sh", "-c", "exit " + code), env(), vm.workDir(), Duration.ofSeconds(60)), OutputSink.NONE);
        assertThat(result.exitCode()).as("exit %d", code).isEqualTo(code);
      }
    }
  }

  @Test
  void aCommandKilledByASignalReports128PlusTheSignal() throws Exception {
    try (Vm vm = allocate()) {
      assertThat(run(vm, "kill -9 $$", new RecordingSink()).exitCode()).isEqualTo(137);
    }
  }

  @Test
  void aMissingProgramExitsWith127() throws Exception {
    try (Vm vm = allocate()) {
      ExecResult result = vm.exec(new ExecRequest(List.of("no-such-program-hearth"), env(), vm.workDir(), Duration.ofSeconds(60)), new RecordingSink());
      assertThat(result.exitCode()).isEqualTo(127);
    }
  }

  @Test
  void environmentIsExactlyTheGivenOne() throws Exception {
    try (Vm vm = allocate()) {
      RecordingSink sink = new RecordingSink();
      Map<String, String> env = Map.of("PATH", path(), "GREETING", "hello world", "EMPTY", "");
      vm.exec(new ExecRequest(List.of("env"), env, vm.workDir(), Duration.ofSeconds(60)), sink);
      assertThat(sink.stdout()).containsExactlyInAnyOrder("PATH=" + path(), "GREETING=hello world", "EMPTY=");
    }
  }

  @Test
  void noPathOrHomeLeaksWhenNotGiven() throws Exception {
    try (Vm vm = allocate()) {
      RecordingSink sink = new RecordingSink();
      vm.exec(new ExecRequest(List.of("/usr/bin/env"), Map.of("ONLY", "1"), vm.workDir(), Duration.ofSeconds(60)), sink);
      assertThat(sink.stdout()).containsExactly("ONLY=1");
    }
  }

  @Test
  void runsInTheGivenWorkingDirectory() throws Exception {
    try (Vm vm = allocate()) {
      output(vm, "mkdir -p 'sub dir' && echo here > 'sub dir/marker'");
      RecordingSink sink = new RecordingSink();
      vm.exec(new ExecRequest(List.of("cat", "marker"), env(), vm.workDir() + "/sub dir", Duration.ofSeconds(60)), sink);
      assertThat(sink.stdout()).containsExactly("here");
    }
  }

  @Test
  void deliversStdin() throws Exception {
    try (Vm vm = allocate()) {
      RecordingSink sink = new RecordingSink();
      byte[] stdin = "one\ntwo\n".getBytes(StandardCharsets.UTF_8);
      vm.exec(new ExecRequest(List.of("cat"), env(), vm.workDir(), Duration.ofSeconds(60), stdin), sink);
      assertThat(sink.stdout()).containsExactly("one", "two");
    }
  }

  @Test
  void withoutStdinACommandReadsAnEmptyInputAtOnce() throws Exception {
    try (Vm vm = allocate()) {
      RecordingSink sink = new RecordingSink();
      ExecResult result = run(vm, "cat; read line || echo eof", sink);
      assertThat(result.exitCode()).isZero();
      assertThat(sink.stdout()).containsExactly("eof");
    }
  }

  @Test
  void deliversLargeStdinAndToleratesCommandsThatIgnoreIt() throws Exception {
    try (Vm vm = allocate()) {
      byte[] stdin = new byte[4 << 20];
      Arrays.fill(stdin, (byte) 'x');
      RecordingSink counted = new RecordingSink();
      vm.exec(new ExecRequest(List.of("wc", "-c"), env(), vm.workDir(), Duration.ofSeconds(60), stdin), counted);
      assertThat(counted.stdout()).hasSize(1);
      assertThat(counted.stdout().get(0).trim()).isEqualTo(String.valueOf(stdin.length));
      ExecResult ignoring = vm.exec(new ExecRequest(List.of("true"), env(), vm.workDir(), Duration.ofSeconds(60), stdin), OutputSink.NONE);
      assertThat(ignoring.exitCode()).isZero();
    }
  }

  @Test
  void deliversTenMegabytesOfOutputIntact() throws Exception {
    int lines = 104_858; // 100 bytes each with the newline: 10 MiB
    String line = "x".repeat(99);
    AtomicLong good = new AtomicLong();
    AtomicLong bad = new AtomicLong();
    AtomicLong errLines = new AtomicLong();
    OutputSink counting = new OutputSink() {
      @Override
      public void stdout(String l) {
        (l.equals(line) ? good : bad).incrementAndGet();
      }

      @Override
      public void stderr(String l) {
        errLines.incrementAndGet();
      }
    };
    try (Vm vm = allocate()) {
      String script = "yes " + line + " | head -n " + lines + " & yes e | head -n 100000 >&2; wait";
      ExecResult result = vm.exec(script(vm, script), counting);
      assertThat(result.exitCode()).isZero();
      assertThat(good.get()).isEqualTo(lines);
      assertThat(bad.get()).isZero();
      assertThat(errLines.get()).isEqualTo(100_000);
    }
  }

  @Test
  void deliversAVeryLongLineWithoutLoss() throws Exception {
    try (Vm vm = allocate()) {
      RecordingSink sink = new RecordingSink();
      run(vm, "head -c 3000000 /dev/zero | tr '\\000' x; echo; echo after", sink);
      List<String> out = sink.stdout();
      assertThat(out).last().isEqualTo("after");
      assertThat(out.subList(0, out.size() - 1)).allMatch(l -> l.chars().allMatch(c -> c == 'x'));
      assertThat(out.subList(0, out.size() - 1).stream().mapToLong(String::length).sum()).isEqualTo(3_000_000);
    }
  }

  @Test
  void replacesBytesThatAreNotUtf8() throws Exception {
    try (Vm vm = allocate()) {
      RecordingSink sink = new RecordingSink();
      run(vm, "printf 'a\\377b\\n'; printf 'caf\\303\\251\\n'; printf '\\200\\n' >&2", sink);
      assertThat(sink.stdout()).containsExactly("a\uFFFDb", "café");
      assertThat(sink.stderr()).containsExactly("\uFFFD");
    }
  }

  @Test
  void aBackgroundProcessHoldingStdoutDoesNotBlockTheExec() throws Exception {
    try (Vm vm = allocate()) {
      RecordingSink sink = new RecordingSink();
      ExecResult result = run(vm, "sleep 300 & echo $! > pids; echo done", sink);
      assertThat(result.exitCode()).isZero();
      assertThat(sink.stdout()).containsExactly("done");
    }
  }

  // --- killing ---

  @Test
  void timeoutKillsTheWholeProcessTree() throws Exception {
    try (Vm vm = allocate()) {
      RecordingSink sink = new RecordingSink();
      ExecResult result = vm.exec(new ExecRequest(List.of("sh", "-c", TREE), env(), vm.workDir(), Duration.ofSeconds(3)), sink);
      assertThat(result.timedOut()).isTrue();
      assertThat(result.succeeded()).isFalse();
      assertThat(result.exitCode()).isBetween(129, 255);
      assertThat(sink.stdout()).containsExactly("started");
      assertThat(output(vm, "cat pids")).hasSize(3);
      assertThat(survivors(vm)).isEmpty();
    }
  }

  @Test
  void timeoutKillsATreeThatIgnoresTerminationAndDetachedGrandchildren() throws Exception {
    String stubborn = "trap '' TERM; (trap '' TERM; sleep 300) & echo $! > pids; "
        + "sh -c 'sleep 300 > /dev/null 2>&1 & echo $! >> pids' ; echo $$ >> pids; echo started; wait";
    try (Vm vm = allocate()) {
      RecordingSink sink = new RecordingSink();
      ExecResult result = vm.exec(new ExecRequest(List.of("sh", "-c", stubborn), env(), vm.workDir(), Duration.ofSeconds(2)), sink);
      assertThat(result.timedOut()).isTrue();
      assertThat(sink.stdout()).containsExactly("started");
      assertThat(output(vm, "cat pids")).hasSize(3);
      assertThat(survivors(vm)).isEmpty();
    }
  }

  @Test
  void interruptKillsTheWholeProcessTreeAndThrows() throws Exception {
    try (Vm vm = allocate()) {
      RecordingSink sink = new RecordingSink();
      Thread caller = Thread.currentThread();
      threads.submit(() -> {
        if (sink.awaitStdout("started"::equals, Duration.ofSeconds(60))) caller.interrupt();
        return null;
      });
      assertThatThrownBy(() -> run(vm, TREE, sink)).isInstanceOf(InterruptedException.class);
      Thread.interrupted();
      assertThat(survivors(vm)).isEmpty();
    }
  }

  @Test
  void execsMayRunConcurrentlyInOneVm() throws Exception {
    try (Vm vm = allocate()) {
      Future<List<String>> waiting = threads.submit(() -> output(vm, "while [ ! -e flag ]; do sleep 0.05; done; echo a"));
      assertThat(output(vm, "touch flag; echo b")).containsExactly("b");
      assertThat(waiting.get()).containsExactly("a");
    }
  }

  // --- files ---

  @Test
  void copiesTreesInAndOutKeepingModesAndSymlinks() throws Exception {
    Path tree = SampleTree.create(hostTemp.resolve("tree"));
    Path back = hostTemp.resolve("back");
    try (Vm vm = allocate()) {
      vm.copyIn(tree, vm.workDir() + "/in");
      assertThat(output(vm, "cd in && cat a.txt && ./bin/run.sh && readlink link && cat link && [ -d empty ] && cat ro/f"
        + " && readlink dirlink && ./dirlink/run.sh && [ -L dangling ] && readlink dangling && cat deep/er/still/leaf"))
          .containsExactly("alpha", "ran", "a.txt", "alpha", "read only", "bin", "ran", "/nonexistent/hearth-sample", "leaf");
      vm.copyOut(vm.workDir() + "/in", back);
      for (String entry : SampleTree.ENTRIES) {
        assertThat(SampleTree.mode(back, entry)).as(entry).isEqualTo(SampleTree.mode(tree, entry));
      }
      assertThat(Files.readSymbolicLink(back.resolve("link"))).isEqualTo(Path.of("a.txt"));
      assertThat(Files.readSymbolicLink(back.resolve("dirlink"))).isEqualTo(Path.of("bin"));
      assertThat(Files.readSymbolicLink(back.resolve("dangling"))).isEqualTo(Path.of("/nonexistent/hearth-sample"));
      assertThat(Files.readString(back.resolve("deep/er/still/leaf"))).isEqualTo("leaf\n");
      assertThat(Files.readString(back.resolve("bin/run.sh"))).isEqualTo("#!/bin/sh\necho ran\n");
    } finally {
      SampleTree.unlock(tree);
      SampleTree.unlock(back);
    }
  }

  @Test
  void copiesASingleFileInAndOut() throws Exception {
    Path file = hostTemp.resolve("one.txt");
    Files.writeString(file, "just one\n");
    try (Vm vm = allocate()) {
      vm.copyIn(file, vm.workDir() + "/nested/dir/one.txt");
      assertThat(output(vm, "cat nested/dir/one.txt")).containsExactly("just one");
      output(vm, "echo changed > nested/dir/one.txt");
      vm.copyOut(vm.workDir() + "/nested/dir/one.txt", hostTemp.resolve("out.txt"));
      assertThat(Files.readString(hostTemp.resolve("out.txt"))).isEqualTo("changed\n");
    }
  }

  @Test
  void copyingAMissingPathIsAVmExceptionNamingTheVm() throws Exception {
    try (Vm vm = allocate()) {
      assertThatThrownBy(() -> vm.copyIn(hostTemp.resolve("missing"), vm.workDir() + "/x"))
          .isInstanceOf(VmException.class).hasMessageContaining(vm.id());
      assertThatThrownBy(() -> vm.copyOut(vm.workDir() + "/missing", hostTemp.resolve("x")))
          .isInstanceOf(VmException.class).hasMessageContaining(vm.id());
    }
  }

  // --- release ---

  @Test
  void releaseIsIdempotentAndLeavesNothingBehind() throws Exception {
    HostFootprint before = hostFootprint();
    Vm vm = allocate();
    String pid = output(vm, "sleep 300 > /dev/null 2>&1 & echo $!").get(0);
    output(vm, "mkdir -p ro/deeper && touch ro/deeper/f && chmod 555 ro/deeper ro");
    output(vm, "(trap '' TERM; sleep 300) > /dev/null 2>&1 &");
    assertThat(hostFootprint().minus(before).isEmpty())
        .as("hostFootprint() sees nothing of a live VM with files and processes: the hook is blind").isFalse();
    vm.close();
    vm.close();
    assertThatThrownBy(() -> run(vm, "true", new RecordingSink()))
        .isInstanceOf(VmException.class)
        .hasMessageContaining(vm.id());
    if (!isolatesFiles()) assertThat(Path.of(vm.workDir())).doesNotExist();
    if (!isolatesProcesses()) assertThat(HostProcesses.alive(Long.parseLong(pid))).isFalse();
    assertThat(leftSince(before)).as("left on the host after release").isEqualTo(HostFootprint.NONE);
  }

  /** What the host holds now that it did not hold at {@code before}, after waiting up to 30 s for it to go. */
  private HostFootprint leftSince(HostFootprint before) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HostFootprint left = hostFootprint().minus(before);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50); // a killed process is reaped by its parent, not by us: nothing to wait on
      left = hostFootprint().minus(before);
    }
    return left;
  }

  @Test
  void releaseDuringAnExecKillsItAndTheExecFails() throws Exception {
    Vm vm = allocate();
    RecordingSink sink = new RecordingSink();
    Future<ExecResult> exec = threads.submit(() -> run(vm, "echo started; sleep 300", sink));
    assertThat(sink.awaitStdout("started"::equals, Duration.ofSeconds(60))).isTrue();
    vm.close();
    assertThatThrownBy(exec::get).isInstanceOf(ExecutionException.class).cause().isInstanceOf(VmException.class);
  }

  @Test
  void closingTheProviderReleasesItsVms() throws Exception {
    HostFootprint before = hostFootprint();
    Vm first = allocate();
    Vm second = allocate();
    provider.close();
    for (Vm vm : List.of(first, second)) {
      assertThatThrownBy(() -> run(vm, "true", new RecordingSink())).isInstanceOf(VmException.class);
      if (!isolatesFiles()) assertThat(Path.of(vm.workDir())).doesNotExist();
    }
    assertThatThrownBy(this::allocate).isInstanceOf(VmException.class);
    assertThat(leftSince(before)).as("left on the host after the provider closed").isEqualTo(HostFootprint.NONE);
  }

  // --- isolation ---

  @Test
  void twoLiveVmsAreSeparatedAsFarAsTheProviderPromises() throws Exception {
    try (Vm a = allocate(); Vm b = allocate()) {
      assertThat(a.id()).isNotEqualTo(b.id());
      output(a, "echo mine > note");
      assertThat(run(b, "[ -e note ]", new RecordingSink()).exitCode()).as("b sees a's file in its own workdir").isNotZero();
      if (isolatesFiles()) {
        assertThat(run(b, "[ -e '" + a.workDir() + "/note' ]", new RecordingSink()).exitCode()).isNotZero();
      } else {
        assertThat(a.workDir()).isNotEqualTo(b.workDir());
      }
      output(a, "sh -c 'sleep 300; :' hearth-signal-target > /dev/null 2>&1 &");
      String alive = "for f in /proc/[0-9]*/cmdline; do tr '\\000' ' ' < $f 2>/dev/null; echo; done | grep -c 'hearth-signal-[t]arget'; true";
      assertThat(output(a, alive)).containsExactly("1");
      if (isolatesProcesses()) { // pids are per namespace: b signals everything it can, a's process must live on
        try {
          run(b, "kill -9 -1", new RecordingSink());
        } catch (VmException bKilledItself) {
          // killing every process it can see may take b's own VM down: that is b's business
        }
        assertThat(output(a, alive)).as("a's process after b killed every process it could").containsExactly("1");
      }
    }
  }

  @Test
  void aVmCannotReadHostFilesOutsideItsWorkDirWhenItIsolatesFiles() throws Exception {
    Path secret = hostTemp.resolve("host-secret.txt");
    Files.writeString(secret, "host secret\n");
    try (Vm vm = allocate()) {
      RecordingSink sink = new RecordingSink();
      ExecResult result = run(vm, "cat '" + secret + "'", sink);
      if (isolatesFiles()) {
        assertThat(result.exitCode()).as("reading the host's %s from the VM", secret).isNotZero();
        assertThat(sink.stdout()).doesNotContain("host secret");
      } else {
        assertThat(sink.stdout()).containsExactly("host secret");
      }
    }
  }

  @Test
  void aVmCannotSeeOrSignalHostProcessesWhenItIsolatesProcesses() throws Exception {
    Process host = new ProcessBuilder("sleep", "300").start();
    try (Vm vm = allocate()) {
      ExecResult signal = run(vm, "kill -0 " + host.pid(), new RecordingSink());
      ExecResult see = run(vm, "[ -e /proc/" + host.pid() + " ]", new RecordingSink());
      if (isolatesProcesses()) {
        assertThat(signal.exitCode()).as("signalling host pid %d", host.pid()).isNotZero();
        assertThat(see.exitCode()).as("seeing host pid %d", host.pid()).isNotZero();
      } else {
        assertThat(signal.exitCode()).isZero();
      }
      assertThat(host.isAlive()).isTrue();
    } finally {
      host.destroyForcibly();
    }
  }

  @Test
  void aVmCannotSeeAnotherVmsProcessesWhenItIsolatesProcesses() throws Exception {
    try (Vm a = allocate(); Vm b = allocate()) {
      output(a, "sh -c 'sleep 300; :' hearth-contract-marker > /dev/null 2>&1 &");
      String count = "for f in /proc/[0-9]*/cmdline; do tr '\\000' ' ' < $f 2>/dev/null; echo; done | grep -c 'hearth-contract-[m]arker'; true";
      List<String> seen = output(b, count);
      if (isolatesProcesses()) assertThat(seen).as("processes of VM a that VM b sees").containsExactly("0");
      else assertThat(seen).as("processes of VM a that VM b sees").containsExactly("1");
    }
  }

  @ParameterizedTest
  @EnumSource(VmSpec.NetworkPolicy.class)
  void aVmCannotConnectToTheHostsOwnServicesWhenItIsolatesTheHostNetwork(VmSpec.NetworkPolicy policy) throws Exception {
    VmSpec spec = new VmSpec(List.of("ubuntu-latest"), 0, 0, 0, policy, Map.of("test", getClass().getSimpleName()));
    try (HostListener listener = HostListener.open()) {
      Vm vm;
      try {
        vm = provider.allocate(spec);
      } catch (VmException refused) {
        assertThat(policy).as("only network=NONE may be refused: %s", refused.getMessage()).isEqualTo(VmSpec.NetworkPolicy.NONE);
        assertThat(refused.getMessage()).containsIgnoringCase("network");
        return;
      }
      try (vm) {
        List<String> targets = new java.util.ArrayList<>(HostListener.hostAddresses());
        targets.addAll(hostAliases());
        for (String address : targets) {
          RecordingSink sink = new RecordingSink();
          ExecResult result = run(vm, "timeout 10 bash -c 'exec 3<>/dev/tcp/" + address + "/" + listener.port()
              + " && echo connected'", sink);
          if (isolatesHostNetwork()) {
            assertThat(sink.stdout()).as("network=%s connecting to host %s:%d", policy, address, listener.port()).isEmpty();
            assertThat(result.exitCode()).isNotZero();
          } else if (address.equals("127.0.0.1")) {
            assertThat(sink.stdout()).containsExactly("connected");
          }
        }
      }
      if (isolatesHostNetwork()) assertThat(listener.accepted()).as("connections the host listener accepted").isZero();
    }
  }

  @Test
  void underNetworkNoneAVmHasOnlyItsLoopback() throws Exception {
    VmSpec spec = new VmSpec(List.of("ubuntu-latest"), 0, 0, 0, VmSpec.NetworkPolicy.NONE, Map.of("test", getClass().getSimpleName()));
    Vm vm;
    try {
      vm = provider.allocate(spec);
    } catch (VmException refused) {
      assertThat(isolatesHostNetwork()).as("an isolating provider must offer network=NONE: %s", refused.getMessage()).isFalse();
      assertThat(refused.getMessage()).containsIgnoringCase("network");
      return;
    }
    try (vm) {
      List<String> interfaces = output(vm, "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '");
      assertThat(interfaces).containsExactly("lo");
    }
  }
}
