package dev.hearth.engine.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.vm.VmSpec;
import dev.hearth.vm.VmSpec.NetworkPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QuotaResolverTest {
  private static final Quota DEFAULTS = new Quota(2, 4096, 0, Duration.ofMinutes(60), NetworkPolicy.OUTBOUND);
  private static final Map<String, Quota> CAPS = caps();
  private static final QuotaPolicy POLICY = new QuotaPolicy(DEFAULTS,
      Map.of("big", new Quota(8, 16384, 0, null, null), "offline", Quota.NONE.withNetwork(NetworkPolicy.NONE),
          "hearth-2cpu", Quota.NONE.withVcpus(3)),
      CAPS);

  private static Map<String, Quota> caps() {
    Map<String, Quota> caps = new LinkedHashMap<>();
    caps.put("acme/tiny", new Quota(1, 1024, 2048, Duration.ofMinutes(10), NetworkPolicy.NONE));
    caps.put("acme/*", new Quota(4, 8192, 0, null, null));
    caps.put("*", new Quota(16, 65536, 0, Duration.ofHours(6), null));
    return caps;
  }

  static Stream<Arguments> resolutions() {
    return Stream.of(
        // labels, repository, expected quota
        Arguments.of(List.of("ubuntu-latest"), "other/repo", new Quota(2, 4096, 0, Duration.ofMinutes(60), NetworkPolicy.OUTBOUND)),
        Arguments.of(List.of("hearth-4cpu-8gb"), "other/repo", new Quota(4, 8192, 0, Duration.ofMinutes(60), NetworkPolicy.OUTBOUND)),
        Arguments.of(List.of("self-hosted", "hearth-1cpu-512mb-10gbdisk-30min-offline"), "other/repo",
            new Quota(1, 512, 10240, Duration.ofMinutes(30), NetworkPolicy.NONE)),
        Arguments.of(List.of("hearth-2h"), "other/repo", new Quota(2, 4096, 0, Duration.ofHours(2), NetworkPolicy.OUTBOUND)),
        Arguments.of(List.of("big"), "other/repo", new Quota(8, 16384, 0, Duration.ofMinutes(60), NetworkPolicy.OUTBOUND)),
        Arguments.of(List.of("big", "offline"), "other/repo", new Quota(8, 16384, 0, Duration.ofMinutes(60), NetworkPolicy.NONE)),
        // a configured entry wins over the convention for the same label
        Arguments.of(List.of("hearth-2cpu"), "other/repo", new Quota(3, 4096, 0, Duration.ofMinutes(60), NetworkPolicy.OUTBOUND)),
        // owner/* cap: within it
        Arguments.of(List.of("hearth-4cpu-8gb"), "acme/app", new Quota(4, 8192, 0, Duration.ofMinutes(60), NetworkPolicy.OUTBOUND)),
        // exact cap: the defaults are clamped, unset fields get the cap
        Arguments.of(List.of("ubuntu-latest"), "acme/tiny", new Quota(1, 1024, 2048, Duration.ofMinutes(10), NetworkPolicy.NONE)),
        // * cap sets the wall time nobody set
        Arguments.of(List.of(), "x/y", new Quota(2, 4096, 0, Duration.ofMinutes(60), NetworkPolicy.OUTBOUND)));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("resolutions")
  void resolvesDefaultsThenLabelsWithinTheRepositorysCap(List<String> labels, String repository, Quota expected) throws Exception {
    assertThat(new QuotaResolver(POLICY).resolve(labels, repository).quota()).isEqualTo(expected);
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(List.of("hearth-64cpu-512gb"), "acme/app",
            "runs-on label 'hearth-64cpu-512gb' asks for 64 vCPUs, more than repository acme/app may have: its cap is 4 vCPUs (quotas.caps.acme/*)"),
        Arguments.of(List.of("big"), "acme/app", "runs-on label 'big' asks for 8 vCPUs"),
        Arguments.of(List.of("hearth-1cpu-2gb"), "acme/tiny", "asks for 2 GiB memory, more than repository acme/tiny may have: its cap is 1 GiB memory (quotas.caps.acme/tiny)"),
        Arguments.of(List.of("hearth-4cpus-8gb"), "other/repo", "runs-on label 'hearth-4cpus-8gb': '4cpus' is not a quota part"),
        Arguments.of(List.of("hearth-4cpu-"), "other/repo", "runs-on label 'hearth-4cpu-': '' is not a quota part"),
        Arguments.of(List.of("hearth-0cpu"), "other/repo", "'0cpu' must be more than 0"),
        Arguments.of(List.of("hearth-2cpu-4cpu"), "other/repo", "'4cpu' sets vCPUs a second time"),
        Arguments.of(List.of("hearth-2000cpu"), "other/repo", "asks for more than 1024 vCPUs"),
        Arguments.of(List.of("big", "hearth-4cpu"), "other/repo", "runs-on labels 'big' and 'hearth-4cpu' ask for different vCPUs (8 and 4)"));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("refusals")
  void refusesBadLabelsAndAsksBeyondTheCapNamingTheLabelAndTheCap(List<String> labels, String repository, String message) {
    assertThatThrownBy(() -> new QuotaResolver(POLICY).resolve(labels, repository))
        .isInstanceOf(QuotaException.class).hasMessageContaining(message);
  }

  @Test
  void defaultsBeyondTheCapAreClampedWithAWarningNamingTheCap() throws Exception {
    ResolvedQuota q = new QuotaResolver(POLICY).resolve(List.of("ubuntu-latest"), "acme/tiny");
    assertThat(q.warnings()).containsExactly(
        "quota: vCPUs lowered from 2 (quotas.defaults) to 1, the cap of repository acme/tiny (quotas.caps.acme/tiny)",
        "quota: memory lowered from 4 GiB (quotas.defaults) to 1 GiB, the cap of repository acme/tiny (quotas.caps.acme/tiny)",
        "quota: wall time lowered from 1h (quotas.defaults) to 10m, the cap of repository acme/tiny (quotas.caps.acme/tiny)",
        "quota: network lowered from outbound (quotas.defaults) to none, the cap of repository acme/tiny (quotas.caps.acme/tiny)");
    assertThat(q.sources()).containsExactly("quotas.defaults", "cap acme/tiny");
  }

  @Test
  void labelsThatDoNotClaimTheConventionAreLeftAlone() throws Exception {
    ResolvedQuota q = QuotaResolver.conventionOnly().resolve(List.of("ubuntu-latest", "hearth-gpu", "hearth-", "self-hosted"), "a/b");
    assertThat(q).isEqualTo(ResolvedQuota.NONE);
    assertThat(q.spec(List.of("ubuntu-latest"), Map.of())).isEqualTo(VmSpec.of(List.of("ubuntu-latest"), Map.of()));
  }

  @Test
  void theSpecCarriesTheQuotaToTheProvider() throws Exception {
    ResolvedQuota q = QuotaResolver.conventionOnly().resolve(List.of("hearth-4cpu-8gb-20gbdisk-offline"), "a/b");
    assertThat(q.spec(List.of("hearth-4cpu-8gb-20gbdisk-offline"), Map.of("run", "1")))
        .isEqualTo(new VmSpec(List.of("hearth-4cpu-8gb-20gbdisk-offline"), 4, 8192, 20480, NetworkPolicy.NONE, Map.of("run", "1")));
    assertThat(q.describe()).isEqualTo("4 vCPUs, 8 GiB memory, 20 GiB disk, network none (runs-on label hearth-4cpu-8gb-20gbdisk-offline)");
  }

  @Test
  void capKeysMustNameRepositories() {
    assertThatThrownBy(() -> new QuotaPolicy(Quota.NONE, Map.of(), Map.of("acme", Quota.NONE)))
        .hasMessage("quotas.caps: 'acme' is not a repository: expected owner/name, owner/* or *");
  }

  static Stream<Arguments> values() {
    return Stream.of(Arguments.of("512mb", 512L), Arguments.of("8gb", 8192L), Arguments.of("8G", 8192L),
        Arguments.of("1tb", 1024L * 1024), Arguments.of("2 GiB", 2048L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void sizesParseWithTheirUnit(String text, long mb) {
    assertThat(QuotaValues.sizeMb(text)).isEqualTo(mb);
  }

  @Test
  void badValuesSayWhatWasExpected() {
    assertThatThrownBy(() -> QuotaValues.sizeMb("8")).hasMessage("expected a size such as 512mb, 8gb or 1tb, got '8'");
    assertThatThrownBy(() -> QuotaValues.duration("soon")).hasMessage("expected a duration such as 90s, 30m or 2h, got 'soon'");
    assertThatThrownBy(() -> QuotaValues.vcpus("0")).hasMessage("expected a whole number of vCPUs from 1 to 1024, got '0'");
    assertThatThrownBy(() -> QuotaValues.network("internet")).hasMessage("expected outbound or none, got 'internet'");
    assertThat(QuotaValues.duration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(QuotaValues.duration("2h")).isEqualTo(Duration.ofHours(2));
  }
}
