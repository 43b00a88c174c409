package dev.hearth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.testing.chaos.ChaosSettings;
import dev.hearth.testing.chaos.ChaosVmProvider;
import dev.hearth.testing.chaos.Odds;
import dev.hearth.testing.chaos.Operation;
import dev.hearth.vm.sandbox.SandboxVmProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chaos soak on the real sandbox provider (bubblewrap, slirp4netns), with guests killed from
 * outside mid-step: a killer thread SIGKILLs, at random moments, a step's process inside a sandbox
 * or a sandbox's {@code bwrap} itself, as an OOM killer or an operator would. Only the VmProvider
 * API is used. At the end: every run has a conclusion, never more live sandboxes than the limit, no
 * {@code bwrap} or {@code slirp4netns} process of this JVM and no process of any run alive, no mount
 * and no directory left under the provider's root.
 */
@Tag("soak")
@Timeout(300)
class SandboxKillSoakTest {
  @TempDir Path dir;

  static Stream<Arguments> seeds() {
    long pinned = Long.getLong("hearth.soak.seed", 0);
    if (pinned != 0) return Stream.of(Arguments.of(pinned, 100));
    return Stream.of(Arguments.of(20261205L, 70), Arguments.of(ThreadLocalRandom.current().nextLong(), 30));
  }

  @ParameterizedTest(name = "seed {0}, {1} runs")
  @MethodSource("seeds")
  void sandboxesKilledMidStepLeaveNoProcessMountOrDirectory(long seed, int runs) throws Exception {
    Assumptions.assumeTrue(SandboxVmProvider.probe().works(),
        () -> "the sandbox provider does not work on this host: " + SandboxVmProvider.probe().why());
    String marker = UUID.randomUUID().toString();
    var plan = Plans.of("""
        on: push
        env:
          HEARTH_SOAK: %s
        jobs:
          build:
            runs-on: ubuntu-latest
            timeout-minutes: 0.2
            steps:
              - run: echo building; echo v=1 >> "$GITHUB_OUTPUT"
              - run: sleep 0.3 & wait; echo slept
              - run: sleep 0.1
          test:
            needs: build
            runs-on: ubuntu-latest
            steps:
              - run: echo testing
        """.formatted(marker));
    ChaosSettings faults = ChaosSettings.none(seed)
        .with(Operation.ALLOCATE, new Odds(0.02, 0, 0))
        .with(Operation.EXEC, new Odds(0.01, 0, 0.02))
        .withHangLimit(Duration.ofSeconds(5));
    Path root = dir.resolve("sandboxes");
    ChaosVmProvider chaos = new ChaosVmProvider(SandboxVmProvider.create(root, Duration.ofMillis(200)), faults);
    Soak soak = new Soak(runs, 4, 5, 0.03, Duration.ofMillis(500));
    Killer killer = new Killer(seed, marker);
    Thread killing = Thread.ofPlatform().daemon().name("sandbox-killer").start(killer);
    try {
      Soak.Outcome outcome;
      try {
        outcome = soak.run(chaos, n -> plan);
      } finally {
        killer.stop.set(true);
        killing.join();
      }
      soak.assertClean(chaos, outcome);
      chaos.close();
      assertThat(chaos.realVmsHeld()).as("sandboxes not released").isZero();
      assertThat(HostChaosSoakTest.processesWith("HEARTH_SOAK=" + marker)).as("processes the runs started, still alive").isEmpty();
      assertThat(sandboxProcesses(root)).as("bwrap or slirp4netns processes left").isEmpty();
      assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).as("mounts under " + root).doesNotContain(root.toString());
      try (Stream<Path> left = Files.exists(root) ? Files.list(root) : Stream.empty()) {
        assertThat(left.toList()).as("directories left under " + root).isEmpty();
      }
      assertThat(killer.kills.get()).as("processes the killer killed").isPositive();
      System.out.println("sandbox soak seed=" + seed + " runs=" + runs + " kills=" + killer.kills + " (bwrap " + killer.bwrapKills
          + ") conclusions=" + outcome.conclusions() + " " + chaos.report());
    } catch (AssertionError | Exception e) {
      throw new AssertionError("sandbox soak failed with seed " + seed + " (rerun: -Dhearth.soak.seed=" + seed + "): "
          + e.getMessage() + "\n" + chaos.report(), e);
    } finally {
      chaos.close();
    }
  }

  /** Live bwrap and slirp4netns processes this JVM started, and any process naming {@code root} on its command line. */
  static List<String> sandboxProcesses(Path root) {
    List<String> found = new ArrayList<>();
    ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).forEach(p -> {
      String command = p.info().commandLine().orElse(p.info().command().orElse(""));
      if (command.contains("bwrap") || command.contains("slirp4netns")) found.add(p.pid() + " " + command);
    });
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
        try {
          String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.ISO_8859_1).replace('\0', ' ');
          if (cmdline.contains(root.toString())) found.add(p.getFileName() + " " + cmdline);
        } catch (IOException gone) {
          // exited meanwhile
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return found;
  }

  /** Kills, every 100–400 ms, one process of a running step (9 in 10) or one sandbox's bwrap (1 in 10). */
  private static final class Killer implements Runnable {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger kills = new AtomicInteger();
    final AtomicInteger bwrapKills = new AtomicInteger();
    private final SplittableRandom random;
    private final String marker;

    Killer(long seed, String marker) {
      this.random = new SplittableRandom(seed ^ 0x4b111);
      this.marker = marker;
    }

    @Override
    public void run() {
      while (!stop.get()) {
        try {
          Thread.sleep(100 + random.nextInt(300));
          List<Long> candidates = random.nextInt(10) == 0 ? bwraps() : HostChaosSoakTest.processesWith("HEARTH_SOAK=" + marker);
          if (candidates.isEmpty()) continue;
          long pid = candidates.get(random.nextInt(candidates.size()));
          boolean bwrap = ProcessHandle.of(pid).flatMap(p -> p.info().command()).map(c -> c.endsWith("bwrap")).orElse(false);
          if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
            kills.incrementAndGet();
            if (bwrap) bwrapKills.incrementAndGet();
          }
        } catch (InterruptedException e) {
          return;
        } catch (IOException | RuntimeException e) {
          // a process ended while it was looked at: try again
        }
      }
    }

    private static List<Long> bwraps() {
      return ProcessHandle.current().descendants().filter(p -> p.info().command().map(c -> c.endsWith("bwrap")).orElse(false))
          .map(ProcessHandle::pid).toList();
    }
  }
}
