package dev.hearth.vm.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostLabelsTest {
  @ParameterizedTest
  @ValueSource(strings = {"ubuntu-latest", "ubuntu-24.04", "self-hosted", "linux", "debian", "my-custom-label"})
  void linuxAndCustomLabelsAreServed(String label) {
    assertThat(HostLabels.refusal(List.of(label))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"windows-latest", "windows-2022", "macos-14", "macos-latest"})
  void otherOperatingSystemsAreRefusedWithTheLabelsNamed(String label) {
    assertThat(HostLabels.refusal(List.of("self-hosted", label))).hasValueSatisfying(reason ->
        assertThat(reason).startsWith("runs-on [self-hosted, " + label + "] asks for another operating system"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"arm64", "x64"})
  void onlyTheHostsArchitectureIsServed(String label) {
    boolean hostIsArm = List.of("aarch64", "arm64").contains(System.getProperty("os.arch"));
    boolean asksArm = label.equals("arm64");
    assertThat(HostLabels.refusal(List.of("self-hosted", label)).isEmpty()).isEqualTo(hostIsArm == asksArm);
  }
}
