package dev.hearth.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TestVmProviderTest {
  private static final VmSpec SPEC = VmSpec.of(List.of("ubuntu-latest"), Map.of());
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  private static ExecRequest request(String... argv) {
    return new ExecRequest(List.of(argv), Map.of(), "/w", Duration.ofMinutes(1));
  }

  private static Throwable catching(java.util.concurrent.Callable<?> call) {
    try {
      call.call();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  @Test
  void scriptedVmsRunTheBehaviourAndRecordEveryExecInOrder() throws Exception {
    try (TestVmProvider provider = TestVmProvider.scripted(Behaviour.failWhenArgvContains("fail"))) {
      try (Vm vm = provider.allocate(SPEC)) {
        assertThat(vm.id()).isEqualTo("test-1");
        assertThat(vm.workDir()).isEqualTo("/hearth-test/test-1");
        RecordingSink sink = new RecordingSink();
        assertThat(vm.exec(request("sh", "-c", "echo ok"), sink).exitCode()).isZero();
        assertThat(vm.exec(request("sh", "-c", "fail now"), sink).exitCode()).isEqualTo(1);
        assertThat(sink.stderr()).containsExactly("failing because the command contains 'fail'");
        assertThat(provider.execs("test-1")).extracting(r -> r.argv().get(2)).containsExactly("echo ok", "fail now");
        assertThat(provider.execCount()).isEqualTo(2);
      }
      assertThat(provider.allocations()).isEqualTo(1);
      assertThat(provider.releases()).isEqualTo(1);
      assertThat(provider.specs()).containsExactly(SPEC);
    }
  }

  @Test
  void countsLiveVmsAndTheMostEverLiveAtOnce() throws Exception {
    try (TestVmProvider provider = TestVmProvider.scripted(Behaviour.succeed())) {
      Vm a = provider.allocate(SPEC);
      Vm b = provider.allocate(SPEC);
      a.close();
      Vm c = provider.allocate(SPEC);
      assertThat(provider.liveVms()).isEqualTo(2);
      b.close();
      c.close();
      c.close();
      assertThat(provider.liveVms()).isZero();
      assertThat(provider.maxLiveVms()).isEqualTo(2);
      assertThat(provider.releases()).isEqualTo(3);
      assertThat(provider.closeCalls(c.id())).isEqualTo(2);
      assertThat(provider.vmIds()).containsExactly("test-1", "test-2", "test-3");
    }
  }

  @Test
  void failsTheNextAllocateOnly() throws Exception {
    try (TestVmProvider provider = TestVmProvider.scripted(Behaviour.succeed())) {
      provider.failNextAllocate(new VmException("no capacity"));
      assertThatThrownBy(() -> provider.allocate(SPEC)).hasMessage("no capacity");
      provider.allocate(SPEC).close();
      assertThat(provider.allocateCalls()).isEqualTo(2);
      assertThat(provider.allocations()).isEqualTo(1);
    }
  }

  @Test
  void hangsInAllocateUntilInterrupted() throws Exception {
    try (TestVmProvider provider = TestVmProvider.scripted(Behaviour.succeed())) {
      CountDownLatch hanging = provider.hangNextAllocate();
      Throwable[] thrown = new Throwable[1];
      Thread caller = Thread.ofPlatform().start(() -> thrown[0] = catching(() -> provider.allocate(SPEC)));
      hanging.await();
      caller.interrupt();
      caller.join();
      assertThat(thrown[0]).isInstanceOf(InterruptedException.class);
      assertThat(provider.liveVms()).isZero();
      assertThat(provider.allocations()).isZero();
    }
  }

  @Test
  void failsTheNextExecWithoutRunningIt() throws Exception {
    try (TestVmProvider provider = TestVmProvider.scripted(Behaviour.printing("ran"));
        Vm vm = provider.allocate(SPEC)) {
      provider.failNextExec(new VmException("vm=test-1: agent died"));
      assertThatThrownBy(() -> vm.exec(request("true"), OutputSink.NONE)).hasMessageContaining("agent died");
      RecordingSink sink = new RecordingSink();
      vm.exec(request("true"), sink);
      assertThat(sink.stdout()).containsExactly("ran");
      assertThat(provider.execs(vm.id())).hasSize(2);
    }
  }

  @Test
  void aFailingReleaseThrowsButStillCountsTheVmAsReleased() throws Exception {
    try (TestVmProvider provider = TestVmProvider.scripted(Behaviour.succeed())) {
      Vm vm = provider.allocate(SPEC);
      provider.failNextRelease(new IllegalStateException("release broke"));
      assertThatThrownBy(vm::close).hasMessage("release broke");
      assertThat(provider.releases()).isEqualTo(1);
      assertThat(provider.liveVms()).isZero();
      assertThat(provider.isReleased(vm.id())).isTrue();
    }
  }

  @Test
  void releasingAVmFailsItsRunningExec() throws Exception {
    try (TestVmProvider provider = TestVmProvider.scripted(Behaviour.hangUntilInterrupted())) {
      Vm vm = provider.allocate(SPEC);
      Future<ExecResult> exec = threads.submit(() -> vm.exec(request("sleep"), OutputSink.NONE));
      assertThat(provider.awaitExecCount(1, Duration.ofSeconds(10))).isTrue();
      vm.close();
      assertThatThrownBy(exec::get).isInstanceOf(ExecutionException.class).cause()
          .isInstanceOf(VmException.class).hasMessageContaining("released");
      assertThatThrownBy(() -> vm.exec(request("true"), OutputSink.NONE)).isInstanceOf(VmException.class);
    }
  }

  @Test
  void anInterruptedHangingExecThrowsInterruptedException() throws Exception {
    try (TestVmProvider provider = TestVmProvider.scripted(Behaviour.hangUntilInterrupted());
        Vm vm = provider.allocate(SPEC)) {
      Throwable[] thrown = new Throwable[1];
      Thread caller = Thread.ofPlatform().start(() -> thrown[0] = catching(() -> vm.exec(request("sleep"), OutputSink.NONE)));
      assertThat(provider.awaitExecCount(1, Duration.ofSeconds(10))).isTrue();
      caller.interrupt();
      caller.join();
      assertThat(thrown[0]).isInstanceOf(InterruptedException.class);
      assertThat(provider.isReleased(vm.id())).isFalse();
    }
  }

  @Test
  void copiesAreRecorded() throws Exception {
    try (TestVmProvider provider = TestVmProvider.scripted(Behaviour.succeed()); Vm vm = provider.allocate(SPEC)) {
      vm.copyIn(Path.of("/src"), "/hearth-test/test-1/in");
      vm.copyOut("/hearth-test/test-1/out", Path.of("/dst"));
      assertThat(provider.copies(vm.id())).containsExactly(
          "in /src -> /hearth-test/test-1/in", "out /hearth-test/test-1/out -> /dst");
    }
  }

  @Test
  void behaviourCanChangeDuringATest() throws Exception {
    try (TestVmProvider provider = TestVmProvider.scripted(Behaviour.succeed()); Vm vm = provider.allocate(SPEC)) {
      provider.onExec(Behaviour.exitCode(7));
      assertThat(vm.exec(request("x"), OutputSink.NONE).exitCode()).isEqualTo(7);
      provider.onExec(Behaviour.vmFailure("guest agent lost"));
      assertThatThrownBy(() -> vm.exec(request("x"), OutputSink.NONE)).hasMessage("vm=test-1: guest agent lost");
      assertThatThrownBy(() -> provider.onExec(null)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void closingTheProviderReleasesItsVmsAndRefusesMore() throws Exception {
    TestVmProvider provider = TestVmProvider.scripted(Behaviour.succeed());
    provider.allocate(SPEC);
    provider.allocate(SPEC);
    provider.close();
    assertThat(provider.liveVms()).isZero();
    assertThat(provider.releases()).isEqualTo(2);
    assertThatThrownBy(() -> provider.allocate(SPEC)).isInstanceOf(VmException.class);
  }

  @Test
  void unknownVmIdsAreNamedInTheError() {
    try (TestVmProvider provider = TestVmProvider.scripted(Behaviour.succeed())) {
      assertThatThrownBy(() -> provider.execs("test-9")).hasMessageContaining("test-9");
    }
  }
}
