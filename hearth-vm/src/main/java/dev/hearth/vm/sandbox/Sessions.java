package dev.hearth.vm.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The process tree of one exec: every command starts as the leader of its own session (through
 * {@code setsid}), so the tree is the host processes whose session is the leader's pid, plus the
 * leader's descendants that left the session. Read from the host's {@code /proc}, where sandbox
 * processes appear with host pids.
 */
final class Sessions {
  private static final Duration AFTER_KILL = Duration.ofSeconds(10);

  private Sessions() {}

  /** The live processes of session {@code sid} and the descendants of {@code launcher}. */
  static List<ProcessHandle> members(long sid, ProcessHandle launcher) {
    List<ProcessHandle> members = new ArrayList<>();
    if (sid <= 0) { // the leader was never seen: only the launcher's descendants are known
      launcher.descendants().forEach(members::add);
      return members;
    }
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      entries.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
          .mapToLong(Long::parseLong).filter(pid -> sessionOf(pid) == sid)
          .forEach(pid -> ProcessHandle.of(pid).ifPresent(members::add));
    } catch (IOException e) {
      // /proc unreadable: the descendants below are all we can find
    }
    launcher.descendants().filter(p -> !members.contains(p)).forEach(members::add);
    return members;
  }

  static boolean alive(long sid, ProcessHandle launcher) {
    return members(sid, launcher).stream().anyMatch(ProcessHandle::isAlive);
  }

  /** SIGTERM to the whole tree, then SIGKILL to what is left after {@code grace}. Waits until it is gone. */
  static void terminate(long sid, ProcessHandle launcher, Duration grace) {
    List<ProcessHandle> tree = members(sid, launcher);
    tree.forEach(ProcessHandle::destroy);
    if (!awaitGone(sid, launcher, grace)) {
      for (int round = 0; round < 3; round++) { // a fork between scan and kill survives one round
        members(sid, launcher).forEach(ProcessHandle::destroyForcibly);
        if (awaitGone(sid, launcher, AFTER_KILL.dividedBy(3))) return;
      }
    }
  }

  private static boolean awaitGone(long sid, ProcessHandle launcher, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (members(sid, launcher).stream().noneMatch(ProcessHandle::isAlive)) return true;
      try {
        Thread.sleep(10); // processes in another pid namespace have no exit event for us to wait on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /** The session id of {@code pid} (field 6 of its stat), or -1 when it is gone or a zombie. */
  static long sessionOf(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      if (fields[0].equals("Z")) return -1;
      return Long.parseLong(fields[3]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
