package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.vm.probe.HostSupport;
import org.junit.jupiter.api.Test;

/** {@code hearth providers} and the choice {@code auto} makes, on this host's real probes. */
class ProvidersCommandTest {

  @Test
  void listsEveryProviderWithWhetherItWorksWhatItEnforcesAndWhy() {
    CliRun run = CliRun.of("providers");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("PROVIDER\\s+WORKS\\s+ENFORCES\\s+WHY\n");
    for (Providers.Entry entry : Providers.entries()) {
      HostSupport support = entry.probe().get();
      assertThat(run.out()).as(entry.name()).containsPattern("(?m)^" + entry.name() + "\\s+" + (support.works() ? "yes" : "no") + "\\s");
      assertThat(run.out()).contains(support.why());
      support.notes().forEach(note -> assertThat(run.out()).contains("note: " + entry.name() + ": " + note));
    }
    assertThat(run.out()).contains("auto: " + Providers.auto().name());
    assertThat(run.out()).containsPattern("(?m)^host\\s+yes\\s+nothing\\s");
  }

  @Test
  void saysWhichRunQuotasEachProviderEnforcesHere() {
    CliRun run = CliRun.of("providers");
    assertThat(run.out()).containsPattern("QUOTA\\s+VCPUS\\s+MEMORY\\s+DISK\\s+WALL-TIME\\s+NETWORK\n")
        .containsPattern("(?m)^host\\s+no\\s+no\\s+no\\s+yes\\s+no$")
        .contains("note: quotas: wall-time is enforced by Hearth itself on every provider");
    for (Providers.Entry entry : Providers.entries()) {
      HostSupport support = entry.probe().get();
      assertThat(run.out()).containsPattern("(?m)^" + entry.name() + "\\s+" + String.join("\\s+", Providers.quotaLimits(support)) + "$");
      if (support.works()) {
        assertThat(Providers.quotaLimits(support).get(1)).as(entry.name() + " memory")
            .isEqualTo(support.enforced().contains(dev.hearth.vm.probe.Guard.MEMORY) ? "yes" : "no");
      }
    }
  }

  @Test
  void autoPicksTheStrongestProviderThatWorksHere() {
    Providers.Entry chosen = Providers.auto();
    assertThat(chosen.probe().get().works()).isTrue();
    for (Providers.Entry entry : Providers.entries()) {
      if (entry.strength() > chosen.strength()) {
        assertThat(entry.autoWhen().test(entry.probe().get())).as("%s is stronger and would do", entry.name()).isFalse();
      }
    }
  }

  @Test
  void autoSaysInOneShortLineWhichProviderItChoseAndTheProbesInFullAsDetails() throws Exception {
    Providers.Choice choice = Providers.open("auto");
    try (var provider = choice.provider()) {
      Providers.Entry chosen = Providers.auto();
      assertThat(choice.why()).startsWith("provider auto → " + chosen.name() + " (enforces ").doesNotContain("\n")
          .hasSizeLessThanOrEqualTo(150); // one line of a wide terminal, with "hearth: " before it
      assertThat(choice.details()).first().isEqualTo(chosen.name() + ": " + chosen.probe().get().why());
      for (Providers.Entry entry : Providers.entries()) {
        if (entry.strength() <= chosen.strength()) continue;
        assertThat(choice.why()).contains("; not " + entry.name() + ": ");
        assertThat(choice.details()).contains(entry.name() + ": " + entry.probe().get().why());
      }
      assertThat(provider.name()).isEqualTo(chosen.name());
    }
  }

  @Test
  void probesAreAskedOnceAndAnsweredFromMemory() {
    for (Providers.Entry entry : Providers.entries()) {
      assertThat(entry.probe().get()).isSameAs(entry.probe().get());
    }
  }
}
