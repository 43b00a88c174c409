package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./hearth} launcher as a user meets it: a real bash running the real script, after {@code package}. */
class LauncherScriptIT {
  private static final Path ROOT = Path.of(System.getProperty("hearth.root", "..")).toAbsolutePath().normalize();

  @Test
  void withoutAJdk21TheLauncherSaysWhatToInstallAndExits2(@TempDir Path tmp) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    for (String tool : new String[] {"bash", "grep", "sed", "sort", "ls", "readlink", "dirname", "cat", "head"}) {
      Path real = Path.of("/usr/bin", tool);
      if (!Files.exists(real)) real = Path.of("/bin", tool);
      Files.createSymbolicLink(bin.resolve(tool), real);
    }
    ProcessBuilder pb = new ProcessBuilder(bin.resolve("bash").toString(), ROOT.resolve("hearth").toString(), "--version");
    pb.environment().clear();
    pb.environment().put("PATH", bin.toString());
    pb.environment().put("HEARTH_JDK_DIRS", tmp.resolve("no-jdks").toString());
    Process p = pb.redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(output.lines()).hasSize(1);
    assertThat(output).contains("no JDK 21 or newer found", "install");
  }

  @Test
  void theLauncherRunsTheCliWithAJdkItFindsItself() throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("hearth").toString(), "--version");
    pb.environment().remove("JAVA_HOME");
    Process p = pb.redirectErrorStream(true).start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("hearth 0.");
  }
}
