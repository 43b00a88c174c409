package dev.hearth.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.engine.quota.Quota;
import dev.hearth.vm.VmSpec.NetworkPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The quotas, pool, placement and members sections of hearth.yml, as {@code hearth serve} loads them. */
class VmsConfigFileTest {
  @TempDir Path dir;

  private ServerConfig load(String yaml) throws IOException {
    Path file = Files.writeString(dir.resolve("hearth.yml"), yaml);
    return ConfigLoader.load(file, Map.of("HEARTH_WEBHOOK_SECRET", "s"), ConfigLoader.Flags.NONE,
        Set.of("auto", "host", "sandbox")::contains);
  }

  @Test
  void everySectionIsReadWithItsValues() throws IOException {
    VmsConfig vms = load("""
        provider: host
        quotas:
          defaults: {vcpus: 2, memory: 4gb, disk: 20gb, wall-time: 1h, network: outbound}
          labels:
            big: {vcpus: 8, memory: 16gb}
            offline: {network: none}
          caps:
            "*": {vcpus: 8, memory: 16gb, wall-time: 6h}
            acme/tiny: {vcpus: 1, memory: 512mb}
        pool:
          size: 2
          labels: [ubuntu-latest, [self-hosted, hearth-2cpu-4gb]]
        placement: lru
        members:
          - name: small
            provider: host
            labels: [ubuntu-latest]
          - name: big
            provider: sandbox
            labels: [big]
            pool: {size: 1}
        """).vms();

    assertThat(vms.quotas().defaults()).isEqualTo(new Quota(2, 4096, 20480, Duration.ofHours(1), NetworkPolicy.OUTBOUND));
    assertThat(vms.quotas().labels()).containsEntry("big", new Quota(8, 16384, 0, null, null))
        .containsEntry("offline", Quota.NONE.withNetwork(NetworkPolicy.NONE));
    assertThat(vms.quotas().caps()).containsOnlyKeys("*", "acme/tiny")
        .containsEntry("acme/tiny", Quota.NONE.withVcpus(1).withMemoryMb(512));
    assertThat(vms.pool()).isEqualTo(new VmsConfig.Pool(2, List.of(List.of("ubuntu-latest"), List.of("self-hosted", "hearth-2cpu-4gb"))));
    assertThat(vms.placement()).isEqualTo("lru");
    assertThat(vms.members()).containsExactly(
        new VmsConfig.Member("small", "host", List.of("ubuntu-latest"), vms.pool()),
        new VmsConfig.Member("big", "sandbox", List.of("big"), new VmsConfig.Pool(1, List.of())));
  }

  @Test
  void withoutTheSectionsNothingIsLimitedPooledOrPlaced() throws IOException {
    assertThat(load("provider: host\n").vms()).isEqualTo(VmsConfig.NONE);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', textBlock = """
      quotas: {defaults: {memory: 8}}                       | hearth.yml:1:29: quotas.defaults.memory: expected a size such as 512mb, 8gb or 1tb, got '8'
      quotas: {defaults: {cpus: 2}}                         | hearth.yml:1:21: unknown key 'quotas.defaults.cpus' (known: disk, memory, network, vcpus, wall-time)
      quotas: {defaults: {vcpus: many}}                     | hearth.yml:1:28: quotas.defaults.vcpus: expected a whole number of vCPUs from 1 to 1024, got 'many'
      quotas: {labels: {big: {wall-time: soon}}}            | hearth.yml:1:36: quotas.labels.big.wall-time: expected a duration such as 90s, 30m or 2h, got 'soon'
      quotas: {labels: {big: {network: internet}}}          | hearth.yml:1:34: quotas.labels.big.network: expected outbound or none, got 'internet'
      quotas: {caps: {acme: {vcpus: 2}}}                    | hearth.yml:1:17: quotas.caps: 'acme' is not a repository: expected owner/name, owner/* or *
      quotas: {limits: {}}                                  | hearth.yml:1:10: unknown key 'quotas.limits' (known: caps, defaults, labels)
      pool: {size: lots}                                    | hearth.yml:1:14: pool.size: expected a whole number from 0 (no pool) to 64, got 'lots'
      pool: {size: 2, labels: [hearth-2cpus]}               | hearth.yml:1:26: pool.labels: runs-on label 'hearth-2cpus': '2cpus' is not a quota part
      placement: fastest                                    | hearth.yml:1:12: placement: expected one of round-robin, least-loaded, lru, got 'fastest'
      placement: lru                                        | hearth.yml:1:12: placement: chooses among members, but there are none
      members: [{name: a}]                                  | hearth.yml:1:11: members[0]: expected a provider
      members: [{name: a, provider: qemu}]                  | hearth.yml:1:31: members[0].provider: expected a known VM provider, got 'qemu'
      members: [{name: a, provider: host}, {name: a, provider: host}] | hearth.yml:1:45: members[1].name: expected a name no other member has, got 'a'
      members: []                                           | hearth.yml:1:10: members: expected a list of members, each with a name and a provider
      """)
  void badValuesNameTheFileLineColumnAndKey(String yaml, String message) {
    assertThatThrownBy(() -> load(yaml.strip() + "\n")).isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(e.getMessage().replace(dir + "/", "")).startsWith(message));
  }
}
