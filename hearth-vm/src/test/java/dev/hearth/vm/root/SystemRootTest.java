package dev.hearth.vm.root;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemRootTest {
  @TempDir Path temp;

  @Test
  void aUsrmergeHostGivesUsrAsABindAndTheOtherSystemDirsAsLinks() throws Exception {
    Path host = fakeHost();
    SystemRoot root = SystemRoot.fromHost(host);
    assertThat(root.binds()).extracting(SystemRoot.HostBind::guest)
        .contains("/usr", "/etc/alternatives", "/etc/ssl/certs", "/etc/ld.so.cache", "/etc/java-17-openjdk");
    assertThat(root.symlinks()).containsEntry("/bin", "usr/bin").containsEntry("/lib64", "usr/lib64")
        .containsEntry("/etc/os-release", "../usr/lib/os-release");
  }

  @Test
  void neverExposesHomesSecretsOrTheHostsOwnEtcFiles() throws Exception {
    SystemRoot root = SystemRoot.fromHost(fakeHost());
    assertThat(root.binds()).extracting(SystemRoot.HostBind::guest)
        .noneMatch(g -> g.startsWith("/home") || g.startsWith("/root") || g.startsWith("/var") || g.startsWith("/run"))
        .doesNotContain("/etc/passwd", "/etc/shadow", "/etc/ssh", "/etc/ssl/private", "/etc", "/");
  }

  @Test
  void theRealHostsRootExposesOnlyAllowedPaths() throws Exception {
    SystemRoot root = SystemRoot.fromHost();
    assertThat(root.binds()).extracting(SystemRoot.HostBind::guest).contains("/usr");
    for (SystemRoot.HostBind bind : root.binds()) {
      String real = bind.host().toRealPath().toString();
      assertThat(SystemRoot.NEVER_EXPOSED).as(bind.toString())
          .noneMatch(secret -> real.equals(secret) || real.startsWith(secret + "/"));
    }
  }

  @Test
  void refusesABindThatExposesOrContainsASecret() {
    for (String guest : List.of("/", "/etc", "/home", "/home/runner/x", "/root", "/var/lib", "/run/user", "/etc/ssh")) {
      assertThatThrownBy(() -> SystemRoot.of(List.of(new SystemRoot.HostBind(Path.of("/usr"), guest)), Map.of()))
          .as(guest).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must never see");
    }
  }

  @Test
  void refusesAnAllowedEntryThatIsReallyALinkToASecret() throws Exception {
    Path host = fakeHost();
    Files.delete(host.resolve("etc/ssl/certs"));
    Files.createDirectories(host.resolve("root/stolen"));
    Files.createSymbolicLink(host.resolve("etc/ssl/certs"), host.resolve("root/stolen"));
    // a link is kept as a link (the guest resolves it in its own root, where /root is empty), never bound
    SystemRoot root = SystemRoot.fromHost(host);
    assertThat(root.binds()).extracting(SystemRoot.HostBind::guest).doesNotContain("/etc/ssl/certs");
    assertThat(root.symlinks()).containsKey("/etc/ssl/certs");
  }

  @Test
  void skeletonHasGeneratedEtcLinksAndMountPoints() throws Exception {
    SystemRoot root = SystemRoot.fromHost(fakeHost());
    Path skeleton = root.writeSkeleton(temp.resolve("skel"), new GuestEtc(GuestUser.RUNNER, "vm1", List.of()),
        List.of("/proc", "/tmp", "/home/runner/work"));
    assertThat(skeleton.resolve("usr")).isDirectory();
    assertThat(skeleton.resolve("etc/ld.so.cache")).isRegularFile().isEmptyFile();
    assertThat(Files.readSymbolicLink(skeleton.resolve("bin"))).isEqualTo(Path.of("usr/bin"));
    assertThat(skeleton.resolve("etc/passwd")).content().contains("runner:x:1001:1001:");
    assertThat(skeleton.resolve("home/runner/work")).isDirectory();
  }

  private Path fakeHost() throws Exception {
    Path host = temp.resolve("host");
    for (String dir : List.of("usr/bin", "usr/lib64", "usr/lib/os-release", "etc/alternatives", "etc/ssl/certs",
        "etc/ssl/private", "etc/ssh", "etc/java-17-openjdk", "home/someone", "root", "var/lib", "run")) {
      Files.createDirectories(host.resolve(dir));
    }
    for (String file : List.of("etc/ld.so.cache", "etc/passwd", "etc/shadow", "root/secret")) Files.writeString(host.resolve(file), "x");
    Files.createSymbolicLink(host.resolve("bin"), Path.of("usr/bin"));
    Files.createSymbolicLink(host.resolve("lib64"), Path.of("usr/lib64"));
    Files.createSymbolicLink(host.resolve("etc/os-release"), Path.of("../usr/lib/os-release"));
    return host;
  }
}
