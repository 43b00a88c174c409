package dev.hearth.server.queue;

import dev.hearth.server.store.VmRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reaps the host provider's VMs: a host "VM" is the work directory {@code <root>/<vm id>} and the
 * processes started in it (each in its own session, so they outlive a killed server). It kills
 * every process whose working directory lies inside the work directory, with its descendants, then
 * deletes the directory. Linux only ({@code /proc}).
 */
public final class HostWorkspaceReaper implements VmReaper {
  private static final Pattern VM_ID = Pattern.compile("host-[0-9]+-[0-9a-f]+");

  private final Path root;

  public HostWorkspaceReaper(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public String reap(VmRecord vm) {
    if (!VM_ID.matcher(vm.vmId()).matches()) return "not a host VM id; left alone";
    Path dir = root.resolve(vm.vmId());
    int killed = killProcessesIn(dir);
    boolean deleted = delete(dir);
    return "killed " + killed + " process(es) in " + dir + (deleted ? ", deleted it" : ", it was already gone");
  }

  /**
   * Deletes the work directories under the root that the previous process of this host made and never
   * recorded: a directory is deleted only when its name is a host VM id the store has no record of, it is
   * empty (a VM is recorded before anything is put in it), no process works in it, and it was last
   * changed after {@code previousStart} and before {@code thisStart} (it dates from the previous
   * process's life, not from a process allocating a VM now).
   */
  @Override
  public List<String> reapUnrecorded(java.util.function.Predicate<String> recorded, java.time.Instant previousStart,
      java.time.Instant thisStart) {
    if (previousStart == null || !Files.isDirectory(root)) return List.of();
    List<String> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.toList()) {
        String id = dir.getFileName().toString();
        if (!VM_ID.matcher(id).matches() || !isEmptyDirectory(dir)) continue;
        java.time.Instant changed = Files.getLastModifiedTime(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS).toInstant();
        if (changed.isBefore(previousStart) || !changed.isBefore(thisStart) || recorded.test(id)) continue;
        if (!processesIn(dir).isEmpty()) continue;
        Files.delete(dir);
        out.add("vm=" + id + " empty work directory " + dir + " made at " + changed + " and never recorded: deleted");
      }
    } catch (IOException e) {
      out.add("work directories under " + root + " not all looked at: " + e);
    }
    return out;
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return false;
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private static int killProcessesIn(Path dir) {
    List<ProcessHandle> found = processesIn(dir);
    int killed = 0;
    for (ProcessHandle p : found) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      if (p.destroyForcibly()) killed++;
    }
    for (ProcessHandle p : found) {
      try {
        p.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        // reported by the count; the directory deletion below may then fail too
      }
    }
    return killed;
  }

  private static List<ProcessHandle> processesIn(Path dir) {
    List<ProcessHandle> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.toList()) {
        String name = proc.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) continue;
        try {
          Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
          if (cwd.startsWith(dir)) ProcessHandle.of(Long.parseLong(name)).ifPresent(found::add);
        } catch (IOException | SecurityException e) {
          // gone, or not ours to see
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    return found;
  }

  private static boolean delete(Path dir) {
    if (!Files.exists(dir)) return false;
    DeliveryPlanner.delete(dir);
    return true;
  }
}
