package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hearth serve} refuses a bad configuration with one line naming where, what and what was expected. */
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void aBadValueInTheConfigFileIsNamedWithItsPositionAndExitsWith2() throws Exception {
    Path config = Files.writeString(dir.resolve("hearth.yml"), "webhook:\n  secrets: [s]\nmax-sessions: lots\n");
    CliRun run = CliRun.of("serve", "--config", config.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("hearth serve: " + config
        + ":3:15: max-sessions: expected a whole number from 1 to 10000, got 'lots'");
  }

  @Test
  void anUnknownProviderFlagIsNamed() throws Exception {
    Path config = Files.writeString(dir.resolve("hearth.yml"), "webhook:\n  secrets: [s]\n");
    CliRun run = CliRun.of("serve", "--config", config.toString(), "--provider", "qemu");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--provider: provider: expected a known VM provider, got 'qemu'");
  }

  @Test
  void aPortInUseIsNamedAndExitsWith2() throws Exception {
    Path config = Files.writeString(dir.resolve("hearth.yml"), "webhook:\n  secrets: [s]\nprovider: host\n");
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      CliRun run = CliRun.of("serve", "--config", config.toString(), "--data-dir", dir.resolve("data").toString(),
          "--listen", "127.0.0.1:" + taken.getLocalPort());
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("hearth serve: cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void theWebhookSecretIsNotAFlag() {
    CliRun run = CliRun.of("serve", "--webhook-secret", "x");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown options: '--webhook-secret'");
  }
}
