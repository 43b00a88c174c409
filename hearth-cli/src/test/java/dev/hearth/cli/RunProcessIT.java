package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code hearth run} as a real process: the demo through {@code ./hearth}, and Ctrl-C (SIGINT). */
@Timeout(300)
class RunProcessIT {
  private static final Path ROOT = Path.of(System.getProperty("hearth.root", "..")).toAbsolutePath().normalize();

  @TempDir Path tmp;

  @Test
  void theDemoRunsThroughTheLauncherAndSucceeds() throws Exception {
    Process p = new ProcessBuilder("bash", ROOT.resolve("hearth").toString(), "run", "-C", "examples/hello")
        .directory(ROOT.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("Hello, world from debian", "[Hello / report]", "✓ run success")
        .containsPattern("Hello \\(hello.yml\\)\\s+-\\s+success");
  }

  @Test
  void ctrlCCancelsTheRunRunsCleanupAndReleasesTheVm() throws Exception {
    Repo repo = Repo.init(tmp.resolve("repo"), "main").workflow("slow.yml", """
        name: Slow
        on: push
        jobs:
          wait:
            runs-on: ubuntu-latest
            steps:
              - run: echo step-is-waiting; sleep 300
              - if: always()
                run: echo cleanup-step-ran
        """);
    Path jar = ROOT.resolve("hearth-cli/target/hearth.jar");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
        "run", "-C", repo.dir().toString()).redirectErrorStream(true).start();
    StringBuilder output = new StringBuilder();
    CompletableFuture<Void> waiting = new CompletableFuture<>();
    Thread.ofPlatform().daemon().start(() -> read(p, output, waiting));
    waiting.get(120, TimeUnit.SECONDS);
    new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(output.toString()).isTrue();
    String text;
    synchronized (output) {
      text = output.toString();
    }
    assertThat(p.exitValue()).isEqualTo(130);
    assertThat(text).contains("hearth run: cancelling", "cleanup-step-ran", "released", "⊘ run cancelled")
        .containsPattern("Slow \\(slow.yml\\)\\s+-\\s+cancelled");
  }

  private static void read(Process p, StringBuilder output, CompletableFuture<Void> waiting) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        synchronized (output) {
          output.append(line).append('\n');
        }
        if (line.contains("step-is-waiting") && !line.contains("▶")) waiting.complete(null);
      }
    } catch (IOException e) {
      waiting.completeExceptionally(e);
    }
    waiting.completeExceptionally(new AssertionError("the step never started: " + output));
  }
}
