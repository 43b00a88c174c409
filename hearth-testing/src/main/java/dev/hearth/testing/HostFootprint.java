package dev.hearth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a provider holds on the host at one moment: the processes, mounts, files and sockets a VM
 * could leave behind. Each entry is a short human-readable string ({@code "pid 812 sleep 300"}), so a
 * failed assertion shows what leaked. A provider's contract test builds one from the static finders
 * here ({@link #processes}, {@link #mounts}, {@link #files}, {@link #unixSockets}), scoped to what
 * that provider makes (its root directory, its binaries, its socket names).
 *
 * @param processes host processes, as {@code pid N cmdline}
 * @param mounts host mounts (in this process's mount namespace), as their mount point
 * @param files files and directories, as their path
 * @param sockets Unix sockets, as their path (or abstract name)
 */
public record HostFootprint(Set<String> processes, Set<String> mounts, Set<String> files, Set<String> sockets) {
  /** Nothing held. */
  public static final HostFootprint NONE = new HostFootprint(Set.of(), Set.of(), Set.of(), Set.of());

  public HostFootprint {
    processes = Set.copyOf(processes);
    mounts = Set.copyOf(mounts);
    files = Set.copyOf(files);
    sockets = Set.copyOf(sockets);
  }

  /** What this footprint holds that {@code earlier} did not. */
  public HostFootprint minus(HostFootprint earlier) {
    return new HostFootprint(without(processes, earlier.processes), without(mounts, earlier.mounts),
        without(files, earlier.files), without(sockets, earlier.sockets));
  }

  public boolean isEmpty() {
    return processes.isEmpty() && mounts.isEmpty() && files.isEmpty() && sockets.isEmpty();
  }

  private static Set<String> without(Set<String> all, Set<String> gone) {
    return all.stream().filter(e -> !gone.contains(e)).collect(Collectors.toSet());
  }

  @Override
  public String toString() {
    return "processes=" + new TreeSet<>(processes) + " mounts=" + new TreeSet<>(mounts) + " files=" + new TreeSet<>(files)
        + " sockets=" + new TreeSet<>(sockets);
  }

  // --- finders ---

  /**
   * Live host processes (not zombies) for which {@code matches} holds, given the process's command
   * line (arguments joined by spaces) and its working directory (empty when unreadable).
   */
  public static Set<String> processes(ProcessMatcher matches) {
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      return entries.map(p -> p.getFileName().toString())
          .filter(name -> name.chars().allMatch(Character::isDigit))
          .map(Long::parseLong)
          .filter(HostProcesses::alive)
          .filter(pid -> matches.test(pid, commandLine(pid), workingDirectory(pid)))
          .map(pid -> "pid " + pid + " " + commandLine(pid))
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Live processes whose working directory is {@code dir} or beneath it. */
  public static Set<String> processesWorkingUnder(Path dir) {
    String prefix = dir.toAbsolutePath().normalize().toString();
    return processes((pid, cmd, cwd) -> cwd.equals(prefix) || cwd.startsWith(prefix + "/"));
  }

  /** Live processes whose command line contains {@code text}, except this JVM. */
  public static Set<String> processesMentioning(String text) {
    long self = ProcessHandle.current().pid();
    return processes((pid, cmd, cwd) -> pid != self && cmd.contains(text));
  }

  /** Mount points in this process's mount namespace for which {@code matches} holds. */
  public static Set<String> mounts(Predicate<String> matches) {
    try {
      return Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8).stream()
          .map(line -> line.split(" ")[4])
          .filter(matches)
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file, directory and link beneath {@code dir} (not {@code dir} itself); empty when it is missing. */
  public static Set<String> files(Path dir) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return Set.of();
    try (Stream<Path> tree = Files.walk(dir)) {
      return tree.filter(p -> !p.equals(dir)).map(Path::toString).collect(Collectors.toCollection(TreeSet::new));
    } catch (NoSuchFileException | UncheckedIOException vanishedWhileWalking) {
      return files(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Unix sockets this host's network namespace knows whose path (or {@code @abstract} name) matches. */
  public static Set<String> unixSockets(Predicate<String> matches) {
    try {
      return Files.readAllLines(Path.of("/proc/net/unix"), StandardCharsets.UTF_8).stream()
          .skip(1)
          .map(line -> line.trim().split("\\s+"))
          .filter(fields -> fields.length >= 8)
          .map(fields -> fields[7])
          .filter(matches)
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
    } catch (IOException e) {
      return "";
    }
  }

  private static String workingDirectory(long pid) {
    try {
      return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return "";
    }
  }

  /** Picks processes for {@link #processes}. */
  @FunctionalInterface
  public interface ProcessMatcher {
    boolean test(long pid, String commandLine, String workingDirectory);
  }
}
