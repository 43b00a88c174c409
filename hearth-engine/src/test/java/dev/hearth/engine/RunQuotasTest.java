package dev.hearth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.engine.quota.Quota;
import dev.hearth.engine.quota.QuotaPolicy;
import dev.hearth.engine.quota.QuotaResolver;
import dev.hearth.vm.VmSpec;
import dev.hearth.vm.VmSpec.NetworkPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Quotas reach the provider as the VM spec; a run asking beyond its cap fails before allocation; wall time ends jobs. */
class RunQuotasTest {
  private final EngineFixture engine = new EngineFixture(4);

  @AfterEach
  void clean() {
    engine.assertClean();
  }

  private WorkflowExecutor executor(Quota defaults, Map<String, Quota> caps) {
    return engine.executor.withQuotas(new QuotaResolver(new QuotaPolicy(defaults, Map.of(), caps)));
  }

  private static String job(String runsOn, String extra) {
    return """
        on: push
        jobs:
          build:
            runs-on: %s
        %s    steps: [{run: echo hi}]
        """.formatted(runsOn, extra);
  }

  @Test
  void aQuotaLabelBecomesTheVmSpecAndIsSaidInTheRunLog() {
    RunResult result = engine.run("1", Plans.of(job("[self-hosted, hearth-2cpu-1gb-offline]", "")));

    assertThat(result.result()).isEqualTo(Conclusion.SUCCESS);
    VmSpec spec = engine.provider.specs().get(0);
    assertThat(spec.vcpus()).isEqualTo(2);
    assertThat(spec.memoryMb()).isEqualTo(1024);
    assertThat(spec.network()).isEqualTo(NetworkPolicy.NONE);
    assertThat(engine.events.hearthLines())
        .contains("VM quota: 2 vCPUs, 1 GiB memory, network none (runs-on label hearth-2cpu-1gb-offline)");
  }

  @Test
  void withoutQuotasTheSpecIsTheProvidersDefaultWithOutboundNetwork() {
    engine.run("1", Plans.of(job("ubuntu-latest", "")));

    assertThat(engine.provider.specs()).containsExactly(VmSpec.of(List.of("ubuntu-latest"),
        engine.provider.specs().get(0).logLabels()));
    assertThat(engine.events.hearthLines()).noneMatch(l -> l.startsWith("VM quota"));
  }

  @Test
  void aLabelAskingBeyondTheRepositorysCapFailsTheRunBeforeAllocationNamingTheLabelAndTheCap() {
    RunResult result = executor(Quota.NONE, Map.of("octo/*", Quota.NONE.withVcpus(4).withMemoryMb(8192)))
        .run(engine.request("1", Plans.of(job("hearth-64cpu-512gb", ""))).build());

    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
    assertThat(engine.provider.allocateCalls()).isZero();
    assertThat(engine.events.hearthLines()).containsExactly("No VM for this run: runs-on label 'hearth-64cpu-512gb' asks for "
        + "64 vCPUs, more than repository octo/hello may have: its cap is 4 vCPUs (quotas.caps.octo/*); ask for less or raise the cap");
  }

  @Test
  void defaultsBeyondTheCapAreClampedWithAWarningInTheRunLog() {
    RunResult result = executor(Quota.NONE.withMemoryMb(4096), Map.of("*", Quota.NONE.withMemoryMb(2048)))
        .run(engine.request("1", Plans.of(job("ubuntu-latest", ""))).build());

    assertThat(result.result()).isEqualTo(Conclusion.SUCCESS);
    assertThat(engine.provider.specs().get(0).memoryMb()).isEqualTo(2048);
    assertThat(engine.events.hearthLines()).contains("warning: quota: memory lowered from 4 GiB (quotas.defaults) to 2 GiB, "
        + "the cap of repository octo/hello (quotas.caps.*)");
  }

  @Test
  void inJobScopeEachLegGetsItsOwnLabelsQuotaAndABadLabelFailsOnlyItsJob() {
    var plan = Plans.of("""
        on: push
        jobs:
          small:
            runs-on: hearth-1cpu
            steps: [{run: echo small}]
          big:
            runs-on: hearth-3cpu
            steps: [{run: echo big}]
          typo:
            runs-on: hearth-3cpus
            steps: [{run: echo never}]
        """);
    RunResult result = engine.executor.run(engine.request("1", plan).scope(AllocationScope.JOB).build());

    assertThat(engine.provider.specs()).extracting(VmSpec::vcpus).containsExactlyInAnyOrder(1, 3);
    assertThat(result.jobs()).filteredOn(j -> j.jobId().equals("typo")).singleElement()
        .extracting(JobResult::result).isEqualTo(Conclusion.FAILURE);
    assertThat(engine.events.hearthLines()).anyMatch(l -> l.contains("no VM for this job: runs-on label 'hearth-3cpus': "
        + "'3cpus' is not a quota part"));
  }

  @Test
  void theWallTimeQuotaEndsAJobBeforeItsTimeoutMinutes() throws Exception {
    WorkflowExecutor executor = executor(Quota.NONE.withWallTime(Duration.ofMinutes(10)), Map.of());
    var plan = Plans.of("""
        on: push
        jobs:
          slow:
            runs-on: ubuntu-latest
            timeout-minutes: 60
            steps: [{run: hang}]
        """);
    CompletableFuture<RunResult> run = executor.submit(engine.request("1", plan).build());
    assertThat(engine.provider.awaitExecCount(2, Duration.ofSeconds(10))).isTrue();
    engine.timers.awaitArmed(1);

    engine.timers.advance(Duration.ofMinutes(9));
    assertThat(run).isNotDone();
    engine.timers.advance(Duration.ofMinutes(1));

    RunResult result = run.get();
    assertThat(result.result()).isEqualTo(Conclusion.FAILURE);
    assertThat(engine.events.hearthLines()).anyMatch(l -> l.contains("the run exceeded its wall-time quota of 10m (quotas.defaults)"));
  }
}
