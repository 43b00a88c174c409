package dev.hearth.vm.root;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GuestEtcTest {

  @Test
  void passwdAndGroupNameTheRunnerUserAndNoHostUser() {
    var files = new GuestEtc(GuestUser.RUNNER, "hearth-vm", List.of("10.0.2.3")).files();
    assertThat(files.get("passwd")).contains("runner:x:1001:1001:Hearth runner:/home/runner:/bin/bash")
        .doesNotContain(System.getProperty("user.name").equals("root") ? "\u0000" : System.getProperty("user.name"));
    assertThat(files.get("group")).contains("runner:x:1001:");
    assertThat(files.get("hosts")).contains("127.0.0.1\tlocalhost", "127.0.1.1\thearth-vm");
    assertThat(files.get("hostname")).isEqualTo("hearth-vm\n");
    assertThat(files.get("resolv.conf")).isEqualTo("nameserver 10.0.2.3\n");
    assertThat(files.get("nsswitch.conf")).contains("hosts: files dns");
  }

  @Test
  void withoutNetworkResolvConfNamesNoResolver() {
    assertThat(new GuestEtc(GuestUser.RUNNER, "vm", List.of()).files().get("resolv.conf")).doesNotContain("nameserver");
  }

  @Test
  void refusesValuesThatWouldCorruptTheFiles() {
    assertThatThrownBy(() -> new GuestEtc(GuestUser.RUNNER, "bad host\n", List.of())).hasMessageContaining("hostname");
    assertThatThrownBy(() -> new GuestEtc(GuestUser.RUNNER, "vm", List.of("1.2.3.4\nnameserver 6.6.6.6"))).hasMessageContaining("nameserver");
    assertThatThrownBy(() -> new GuestUser("root", 0, 0, "/root")).hasMessageContaining("must not be root");
    assertThatThrownBy(() -> new GuestUser("a:b", 5, 5, "/h")).hasMessageContaining("guest user name");
  }
}
