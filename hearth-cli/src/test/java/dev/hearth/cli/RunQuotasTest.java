package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hearth.vm.probe.HostSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code hearth run} with quotas from its flags and {@code --config}: resolved, enforced, refused. */
@Timeout(180)
class RunQuotasTest {
  @TempDir Path tmp;
  private Repo repo;

  @BeforeEach
  void checkout() throws Exception {
    repo = Repo.init(tmp.resolve("repo"), "main");
  }

  @Test
  void theWallTimeFlagStopsAJobLongBeforeItsTimeoutMinutes() throws Exception {
    repo.workflow("ci.yml", "on: push\njobs:\n  slow:\n    runs-on: ubuntu-latest\n    timeout-minutes: 30\n    steps:\n"
        + "      - run: sleep 60\n");
    repo.commit();
    CliRun run = CliRun.of("run", "-C", repo.dir().toString(), "--provider", "host", "--json", "--wall-time", "2s");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(EventStream.parse(run.out()).logText()).contains("VM quota: 2s wall time (quotas.defaults)")
        .contains("the run exceeded its wall-time quota of 2s (quotas.defaults)")
        .doesNotContain("maximum execution time of 30 minutes");
  }

  @Test
  void aLabelAskingBeyondTheConfiguredCapFailsBeforeAnyVmIsAllocated() throws Exception {
    Path config = Files.writeString(tmp.resolve("hearth.yml"), "quotas:\n  caps:\n    \"*\": {vcpus: 2, memory: 4gb}\n");
    repo.workflow("ci.yml", "on: push\njobs:\n  big:\n    runs-on: hearth-64cpu-512gb\n    steps:\n      - run: echo never\n");
    repo.commit();
    CliRun run = CliRun.of("run", "-C", repo.dir().toString(), "--provider", "host", "--json", "--config", config.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    EventStream events = EventStream.parse(run.out());
    assertThat(events.allocatedVms()).isEmpty();
    assertThat(events.logText()).contains("runs-on label 'hearth-64cpu-512gb' asks for 64 vCPUs, more than repository "
        + "local/repository may have: its cap is 2 vCPUs (quotas.caps.*); ask for less or raise the cap")
        .doesNotContain("never");
  }

  @Test
  void badQuotaFlagsAndConfigFilesAreNamedAndExitWith2() throws Exception {
    repo.workflow("ci.yml", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n");
    repo.commit();
    CliRun memory = CliRun.of("run", "-C", repo.dir().toString(), "--memory", "8");
    assertThat(memory.exitCode()).isEqualTo(2);
    assertThat(memory.err().strip()).isEqualTo("hearth run: --memory: expected a size such as 512mb, 8gb or 1tb, got '8'");
    CliRun network = CliRun.of("run", "-C", repo.dir().toString(), "--network", "internet");
    assertThat(network.err().strip()).isEqualTo("hearth run: --network: expected outbound or none, got 'internet'");
    Path config = Files.writeString(tmp.resolve("bad.yml"), "quotas:\n  labels:\n    big: {cpus: 8}\n");
    CliRun file = CliRun.of("run", "-C", repo.dir().toString(), "--config", config.toString());
    assertThat(file.exitCode()).isEqualTo(2);
    assertThat(file.err().strip()).isEqualTo("hearth run: --config " + config
        + ":3:11: unknown key 'quotas.labels.big.cpus' (known: disk, memory, network, vcpus, wall-time)");
  }

  /**
   * The microvm enforces memory with QEMU's {@code -m}: a step that fits in the quota runs, one that
   * asks for more than it fails the run. (The sandbox cannot: this host's cgroup v1 is not delegated.)
   */
  @Test
  void onMicrovmARunAskingForMoreMemoryThanItsQuotaFails() throws Exception {
    HostSupport microvm = Providers.support("microvm").orElseThrow();
    assumeTrue(microvm.works(), "provider microvm does not work on this host: " + microvm.why());
    repo.workflow("mem.yml", """
        on: push
        jobs:
          hog:
            runs-on: hearth-192mb
            steps:
              - run: python3 -c "import os; print('memtotal', os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') >> 20); b = b'x' * (40 << 20)"
              - run: python3 -c "b = b'x' * (400 << 20); print('allocated', len(b))"
        """);
    repo.commit();
    CliRun run = CliRun.of("run", "-C", repo.dir().toString(), "--provider", "microvm", "--json");
    EventStream events = EventStream.parse(run.out());
    String log = events.logText();
    assertThat(run.exitCode()).as(log + run.err()).isEqualTo(1);
    assertThat(log).contains("VM quota: 192 MiB memory (runs-on label hearth-192mb)").contains("MemoryError")
        .doesNotContain("allocated 419430400");
    Matcher total = Pattern.compile("memtotal (\\d+)").matcher(log);
    assertThat(total.find()).as("the first step ran and printed the guest's memory: " + log).isTrue();
    assertThat(Long.parseLong(total.group(1))).isBetween(64L, 192L);
  }
}
