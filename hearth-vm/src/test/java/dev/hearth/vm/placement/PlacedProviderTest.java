package dev.hearth.vm.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.testing.Behaviour;
import dev.hearth.testing.TestVmProvider;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Placement strategies choose among members as their Javadoc says. */
@Timeout(60)
class PlacedProviderTest {
  static final VmSpec LINUX = VmSpec.of(List.of("ubuntu-latest"), Map.of());
  static final VmSpec GPU = VmSpec.of(List.of("ubuntu-latest", "gpu"), Map.of());

  final TestVmProvider a = TestVmProvider.scripted(Behaviour.succeed());
  final TestVmProvider b = TestVmProvider.scripted(Behaviour.succeed());
  final TestVmProvider c = TestVmProvider.scripted(Behaviour.succeed());
  final List<Vm> held = new ArrayList<>();
  PlacedProvider placed;

  @AfterEach
  void close() {
    held.forEach(Vm::close);
    if (placed != null) placed.close();
  }

  PlacedProvider placed(Placement placement) {
    placed = new PlacedProvider("fleet", placement, List.of(Member.of("a", a), Member.of("b", b), Member.of("c", c)));
    return placed;
  }

  /** Allocates and returns the member that got the VM, keeping it unless {@code release}. */
  String next(boolean release) throws Exception {
    List<Long> before = placed.load().stream().map(MemberLoad::allocations).toList();
    Vm vm = placed.allocate(LINUX);
    if (release) vm.close();
    else held.add(vm);
    List<MemberLoad> after = placed.load();
    for (int i = 0; i < after.size(); i++) if (after.get(i).allocations() > before.get(i)) return after.get(i).name();
    throw new AssertionError("no member's allocations grew");
  }

  @Test
  void roundRobinTakesMembersInTurnWhateverIsRunning() throws Exception {
    placed(Placement.ROUND_ROBIN);
    List<String> chosen = new ArrayList<>();
    for (int i = 0; i < 6; i++) chosen.add(next(i % 2 == 0));
    assertThat(chosen).containsExactly("a", "b", "c", "a", "b", "c");
  }

  @Test
  void leastLoadedTakesTheMemberWithFewestLiveVmsAndTheFirstOnTies() throws Exception {
    placed(Placement.LEAST_LOADED);
    assertThat(next(false)).isEqualTo("a");
    assertThat(next(false)).isEqualTo("b");
    assertThat(next(true)).isEqualTo("c"); // released at once
    assertThat(next(false)).isEqualTo("c");
    held.get(1).close(); // b's VM ends
    assertThat(next(false)).isEqualTo("b");
    assertThat(placed.load()).extracting(MemberLoad::live).containsExactly(1, 1, 1);
  }

  @Test
  void leastLoadedKeepsChoosingTheFirstWhileAllAreIdle() throws Exception {
    placed(Placement.LEAST_LOADED);
    for (int i = 0; i < 3; i++) assertThat(next(true)).isEqualTo("a");
  }

  @Test
  void lruTakesTheMemberUnusedLongest() throws Exception {
    placed(Placement.LRU);
    assertThat(next(true)).isEqualTo("a");
    assertThat(next(true)).isEqualTo("b");
    assertThat(next(true)).isEqualTo("c");
    assertThat(next(true)).isEqualTo("a");
  }

  @Test
  void lruIgnoresWhatIsStillRunning() throws Exception {
    placed(Placement.LRU);
    assertThat(next(false)).isEqualTo("a");
    assertThat(next(true)).isEqualTo("b");
    assertThat(next(true)).isEqualTo("c");
    assertThat(next(true)).isEqualTo("a"); // a still runs its first VM
    assertThat(placed.load().getFirst().live()).isEqualTo(1);
  }

  @Test
  void onlyMembersServingAllTheLabelsAreChosen() throws Exception {
    placed = new PlacedProvider("fleet", Placement.ROUND_ROBIN, List.of(
        new Member("cpu", a, Set.of("ubuntu-latest")), new Member("gpu", b, Set.of("ubuntu-latest", "gpu"))));
    for (int i = 0; i < 3; i++) held.add(placed.allocate(GPU));
    assertThat(b.allocations()).isEqualTo(3);
    assertThat(a.allocations()).isZero();
    assertThatThrownBy(() -> placed.allocate(VmSpec.of(List.of("windows-latest"), Map.of())))
        .isInstanceOf(VmException.class)
        .hasMessageContaining("no member serves labels [windows-latest]")
        .hasMessageContaining("cpu [ubuntu-latest]");
  }

  @Test
  void aFailingMemberIsSkippedForTheNext() throws Exception {
    placed(Placement.ROUND_ROBIN);
    a.failNextAllocate(new VmException("host a is full"));
    held.add(placed.allocate(LINUX));
    assertThat(b.allocations()).isEqualTo(1);
    assertThat(placed.load()).extracting(MemberLoad::live).containsExactly(0, 1, 0);
    assertThat(placed.load().getFirst().failures()).isEqualTo(1);
  }

  @Test
  void whenEveryMemberFailsTheErrorNamesEachAndWhy() {
    placed(Placement.LEAST_LOADED);
    a.failNextAllocate(new VmException("a is full"));
    b.failNextAllocate(new VmException("b lost its disk"));
    c.failNextAllocate(new VmException("c is draining"));
    assertThatThrownBy(() -> placed.allocate(LINUX)).isInstanceOf(VmException.class)
        .hasMessageContaining("a: a is full").hasMessageContaining("b: b lost its disk").hasMessageContaining("c: c is draining");
    assertThat(placed.load()).extracting(MemberLoad::live).containsExactly(0, 0, 0);
  }

  @Test
  void closeClosesEveryMemberAndItsVms() throws Exception {
    placed(Placement.ROUND_ROBIN);
    next(false);
    next(false);
    placed.close();
    assertThat(a.liveVms() + b.liveVms() + c.liveVms()).isZero();
    assertThatThrownBy(() -> placed.allocate(LINUX)).hasMessageContaining("closed");
  }

  @Test
  void placementNamesParseAsConfiguredAndOthersFailClearly() {
    assertThat(Placement.parse("round-robin")).isEqualTo(Placement.ROUND_ROBIN);
    assertThat(Placement.parse("least-loaded")).isEqualTo(Placement.LEAST_LOADED);
    assertThat(Placement.parse(" LRU ")).isEqualTo(Placement.LRU);
    assertThatThrownBy(() -> Placement.parse("random"))
        .hasMessage("placement: expected one of round-robin, least-loaded, lru, got 'random'");
  }
}
