package dev.hearth.testing.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.testing.Behaviour;
import dev.hearth.testing.TestVmProvider;
import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ChaosVmProviderTest {
  private static final VmSpec SPEC = VmSpec.of(List.of("ubuntu-latest"), Map.of());
  private static final ExecRequest ECHO = new ExecRequest(List.of("echo"), Map.of(), "/w", Duration.ofMinutes(1));

  private final TestVmProvider inner = TestVmProvider.scripted(Behaviour.succeed());

  private ChaosVmProvider chaos(Operation op, Odds odds) {
    return new ChaosVmProvider(inner, ChaosSettings.none(42).with(op, odds).withHangLimit(Duration.ofSeconds(30)));
  }

  @Test
  void withoutFaultsEveryCallReachesTheRealVm() throws Exception {
    try (ChaosVmProvider chaos = new ChaosVmProvider(inner, ChaosSettings.none(1))) {
      Vm vm = chaos.allocate(SPEC);
      assertThat(vm.exec(ECHO, OutputSink.NONE).succeeded()).isTrue();
      vm.copyIn(Path.of("/x"), "/y");
      vm.close();
      assertThat(chaos.liveVms()).isZero();
      assertThat(chaos.realVmsHeld()).isZero();
      assertThat(inner.liveVms()).isZero();
      assertThat(chaos.injectedCount()).isZero();
    }
  }

  @Test
  void sameSeedInjectsTheSameFaultsInTheSameOrder() throws Exception {
    assertThat(faultSequence(7)).isEqualTo(faultSequence(7)).isNotEqualTo(faultSequence(8));
  }

  private List<String> faultSequence(long seed) throws Exception {
    List<String> seen = new ArrayList<>();
    try (ChaosVmProvider chaos = new ChaosVmProvider(TestVmProvider.scripted(Behaviour.succeed()),
        ChaosSettings.none(seed).with(Operation.EXEC, new Odds(0.5, 0, 0)))) {
      Vm vm = chaos.allocate(SPEC);
      for (int i = 0; i < 40; i++) {
        try {
          vm.exec(ECHO, OutputSink.NONE);
          seen.add("ok");
        } catch (VmException e) {
          seen.add("fail");
        }
      }
      vm.close();
    }
    return seen;
  }

  @Test
  void failingAllocateThrowsAndLeavesNothingBehind() {
    try (ChaosVmProvider chaos = chaos(Operation.ALLOCATE, new Odds(1, 0, 0))) {
      assertThatThrownBy(() -> chaos.allocate(SPEC)).isInstanceOf(VmException.class).hasMessageContaining("injected");
      assertThat(chaos.liveVms()).isZero();
      assertThat(inner.allocateCalls()).isZero();
    }
  }

  @Test
  void hangingAllocateEndsWithInterruptedExceptionWhenItsThreadIsInterrupted() throws Exception {
    try (ChaosVmProvider chaos = chaos(Operation.ALLOCATE, new Odds(0, 1, 0))) {
      CompletableFuture<Throwable> thrown = new CompletableFuture<>();
      Thread t = Thread.ofPlatform().start(() -> {
        try {
          chaos.allocate(SPEC);
          thrown.complete(null);
        } catch (Throwable e) {
          thrown.complete(e);
        }
      });
      while (t.getState() != Thread.State.TIMED_WAITING) Thread.onSpinWait();
      t.interrupt();
      assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
      assertThat(chaos.unrescuedHangs()).isEmpty();
      assertThat(chaos.allocations()).isZero();
    }
  }

  @Test
  void hangThatNothingInterruptsFailsAtTheLimitAndIsReportedUnrescued() throws Exception {
    try (ChaosVmProvider chaos = new ChaosVmProvider(inner,
        ChaosSettings.none(3).with(Operation.EXEC, new Odds(0, 1, 0)).withHangLimit(Duration.ofMillis(50)))) {
      Vm vm = chaos.allocate(SPEC);
      assertThatThrownBy(() -> vm.exec(ECHO, OutputSink.NONE)).isInstanceOf(VmException.class)
          .hasMessageContaining("no answer to exec echo");
      assertThat(chaos.unrescuedHangs()).singleElement().asString().contains("vm=" + vm.id(), "exec echo");
      vm.close();
    }
  }

  @Test
  void closingAVmWakesAnExecHangingInItWithVmException() throws Exception {
    try (ChaosVmProvider chaos = chaos(Operation.EXEC, new Odds(0, 1, 0))) {
      Vm vm = chaos.allocate(SPEC);
      CompletableFuture<Throwable> thrown = new CompletableFuture<>();
      Thread t = Thread.ofPlatform().start(() -> {
        try {
          vm.exec(ECHO, OutputSink.NONE);
          thrown.complete(null);
        } catch (Throwable e) {
          thrown.complete(e);
        }
      });
      while (t.getState() != Thread.State.TIMED_WAITING) Thread.onSpinWait();
      vm.close();
      assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(VmException.class).hasMessageContaining("released");
      assertThat(chaos.liveVms()).isZero();
    }
  }

  @Test
  void aLostVmKillsTheRealOneAndEveryLaterCallFails() throws Exception {
    try (ChaosVmProvider chaos = chaos(Operation.EXEC, new Odds(0, 0, 1))) {
      Vm vm = chaos.allocate(SPEC);
      assertThatThrownBy(() -> vm.exec(ECHO, OutputSink.NONE)).isInstanceOf(VmException.class)
          .hasMessageContaining("guest died");
      assertThat(inner.liveVms()).as("the real VM is gone").isZero();
      assertThat(chaos.realVmsHeld()).isZero();
      assertThatThrownBy(() -> vm.copyOut("/a", Path.of("/b"))).isInstanceOf(VmException.class)
          .hasMessageContaining("lost");
      assertThat(chaos.liveVms()).as("the owner still has to close it").isOne();
      vm.close();
      assertThat(chaos.liveVms()).isZero();
    }
  }

  @Test
  void aFailedReleaseThrowsAndTheRealVmIsReapedWhenTheProviderCloses() throws Exception {
    ChaosVmProvider chaos = chaos(Operation.RELEASE, new Odds(1, 0, 0));
    Vm vm = chaos.allocate(SPEC);
    assertThatThrownBy(vm::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("release failed");
    assertThat(chaos.liveVms()).isZero();
    assertThat(chaos.realVmsHeld()).isOne();
    chaos.close();
    assertThat(chaos.realVmsHeld()).isZero();
    assertThat(inner.liveVms()).isZero();
  }

  @Test
  void closingTwiceCountsAsAnExtraClose() throws Exception {
    try (ChaosVmProvider chaos = chaos(Operation.EXEC, Odds.NONE)) {
      Vm vm = chaos.allocate(SPEC);
      Vm other = chaos.allocate(SPEC);
      assertThat(chaos.maxLiveVms()).isEqualTo(2);
      vm.close();
      vm.close();
      other.close();
      assertThat(chaos.extraCloses()).isOne();
      assertThat(chaos.liveVms()).isZero();
    }
  }

  @Test
  void oddsMustBeProbabilitiesSummingToAtMostOne() {
    assertThatThrownBy(() -> new Odds(0.6, 0.6, 0)).hasMessageContaining("at most 1");
    assertThatThrownBy(() -> new Odds(-0.1, 0, 0)).hasMessageContaining("fail must be a probability");
    assertThatThrownBy(() -> ChaosSettings.none(1).with(Operation.ALLOCATE, new Odds(0, 0, 0.1)))
        .hasMessageContaining("cannot lose");
  }

}
