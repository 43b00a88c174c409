package dev.hearth.workflow.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobGraphTest {

  /** The job-failure-propagation fixture: b and c need a, d needs b. */
  private final JobGraph propagation = JobGraph.of(List.of("a", "b", "c", "d"),
      Map.of("b", List.of("a"), "c", List.of("a"), "d", List.of("b")));

  static Stream<Arguments> orders() {
    return Stream.of(
        Arguments.of("independentJobsKeepFileOrder",
            List.of("x", "y", "z"), Map.of(), List.of("x", "y", "z")),
        Arguments.of("jobWrittenBeforeItsNeedRunsAfterIt",
            List.of("deploy", "build"), Map.of("deploy", List.of("build")),
            List.of("build", "deploy")),
        Arguments.of("amongReadyJobsFileOrderDecides",
            List.of("late", "a", "b", "c"), Map.of("late", List.of("c"), "b", List.of("a")),
            List.of("a", "b", "c", "late")),
        Arguments.of("diamondRunsJoinLast",
            List.of("join", "left", "right", "root"),
            Map.of("join", List.of("left", "right"), "left", List.of("root"),
                "right", List.of("root")),
            List.of("root", "left", "right", "join")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("orders")
  void topologicalOrderIsStable(
      String name, List<String> ids, Map<String, List<String>> needs, List<String> expected) {
    assertThat(JobGraph.of(ids, needs).topologicalOrder()).containsExactlyElementsOf(expected);
  }

  @Test
  void needsContextHoldsOnlyDirectNeedsButTransitiveNeedsFollowTheChain() {
    assertThat(propagation.directNeeds("d")).containsExactly("b");
    assertThat(propagation.transitiveNeeds("d")).containsExactly("a", "b");
    assertThat(propagation.transitiveNeeds("a")).isEmpty();
  }

  @Test
  void dependentsAreFoundDirectlyAndTransitively() {
    assertThat(propagation.dependents("a")).containsExactly("b", "c");
    assertThat(propagation.transitiveDependents("a")).containsExactly("b", "c", "d");
    assertThat(propagation.transitiveDependents("d")).isEmpty();
  }

  @Test
  void readyJobsAreThoseWhoseDirectNeedsHaveAllFinished() {
    assertThat(propagation.ready(Set.of())).containsExactly("a");
    assertThat(propagation.ready(Set.of("a"))).containsExactly("b", "c");
    assertThat(propagation.ready(Set.of("a"), Set.of("b"))).containsExactly("c");
    assertThat(propagation.ready(Set.of("a", "b", "c"))).containsExactly("d");
    assertThat(propagation.ready(Set.of("a", "b", "c", "d"))).isEmpty();
  }

  static Stream<Arguments> invalidGraphs() {
    return Stream.of(
        Arguments.of("cycle", List.of("a", "b"), Map.of("a", List.of("b"), "b", List.of("a")),
            "the needs of jobs [a, b] form a cycle"),
        Arguments.of("selfNeed", List.of("a"), Map.of("a", List.of("a")),
            "the needs of jobs [a] form a cycle"),
        Arguments.of("unknownNeed", List.of("a"), Map.of("a", List.of("ghost")),
            "job 'a' needs 'ghost', which is not a job in this workflow"),
        Arguments.of("needsOfUnknownJob", List.of("a"), Map.of("b", List.of("a")),
            "needs given for job 'b', which is not defined"),
        Arguments.of("duplicateId", List.of("a", "a"), Map.of(),
            "job 'a' is defined twice"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidGraphs")
  @Timeout(5)
  void invalidGraphsFailFastInsteadOfLooping(
      String name, List<String> ids, Map<String, List<String>> needs, String message) {
    assertThatThrownBy(() -> JobGraph.of(ids, needs))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void unknownJobIsAnIllegalArgument() {
    assertThatThrownBy(() -> propagation.directNeeds("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no job 'nope' in this workflow");
  }

  @Test
  @Timeout(10)
  void longChainsNeedNoRecursion() {
    List<String> ids = new ArrayList<>();
    Map<String, List<String>> needs = new HashMap<>();
    for (int i = 0; i < 5_000; i++) {
      ids.add("j" + i);
      if (i > 0) needs.put("j" + i, List.of("j" + (i - 1)));
    }
    JobGraph graph = JobGraph.of(ids, needs);
    assertThat(graph.topologicalOrder()).containsExactlyElementsOf(ids);
    assertThat(graph.transitiveNeeds("j4999")).hasSize(4_999);
  }
}
