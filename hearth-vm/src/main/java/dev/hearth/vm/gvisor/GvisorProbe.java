package dev.hearth.vm.gvisor;

import dev.hearth.vm.probe.Guard;
import dev.hearth.vm.probe.HostSupport;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Whether the gvisor provider works on this host: runsc is installed, Hearth runs as root, and a bare
 * {@code runsc --platform=ptrace --network=none do true} succeeds (about 0.2 s); whether the outbound
 * network's programs are there. Answers are cached for the life of the process.
 */
public final class GvisorProbe {
  private static final Supplier<HostSupport> CACHED = HostSupport.cached(GvisorProbe::probe);

  private GvisorProbe() {}

  /** The cached answer. */
  public static HostSupport support() {
    return CACHED.get();
  }

  private static HostSupport probe() {
    Optional<String> why = GvisorVmProvider.unavailability();
    if (why.isPresent()) return HostSupport.broken(why.get());
    String failure = tryRunsc(Runsc.find().orElseThrow());
    if (failure != null) return HostSupport.broken(failure);
    List<String> notes = new ArrayList<>();
    List<String> missing = missingForOutbound();
    if (!missing.isEmpty()) notes.add("network outbound unavailable (missing " + String.join(", ", missing) + "); only network none works");
    Set<Guard> guards = EnumSet.of(Guard.FILES, Guard.PROCESSES, Guard.NETWORK);
    if (Files.isDirectory(Path.of("/sys/fs/cgroup/memory")) || Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))) {
      guards.addAll(EnumSet.of(Guard.MEMORY, Guard.CPU));
    } else {
      notes.add("no memory or cpu cgroup found under /sys/fs/cgroup: memory and cpu quotas are not enforced");
    }
    notes.add("pid limits are not enforced by this provider");
    return HostSupport.works("gVisor runsc (ptrace platform) with " + (missing.isEmpty() ? "slirp4netns outbound network" : "no outbound stack"),
        guards, notes);
  }

  static List<String> missingForOutbound() {
    List<String> missing = new ArrayList<>();
    for (String tool : List.of("slirp4netns", "nsenter", "ip", "unshare")) {
      boolean found = Stream.of("/usr/bin", "/usr/sbin", "/bin", "/sbin").anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
      if (!found) missing.add(tool);
    }
    return missing;
  }

  /** Null when a bare sandbox runs {@code true}; otherwise why not. */
  private static String tryRunsc(Path runsc) {
    Path root = null;
    try {
      root = Files.createTempDirectory("hearth-gvisor-probe");
      Process p = new ProcessBuilder(runsc.toString(), "--root", root.toString(), "--platform=ptrace", "--network=none", "do", "true")
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectErrorStream(true)
          .start();
      String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "runsc did not finish a bare sandbox within 20 s";
      }
      return p.exitValue() == 0 ? null : "runsc cannot make a sandbox here (exit " + p.exitValue() + "): " + said;
    } catch (IOException e) {
      return "cannot run runsc: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while probing runsc";
    } finally {
      if (root != null) deleteQuietly(root);
    }
  }

  private static void deleteQuietly(Path root) {
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      // a probe's empty state directory in the temp dir
    }
  }
}
