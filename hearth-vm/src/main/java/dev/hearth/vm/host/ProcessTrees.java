package dev.hearth.vm.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts commands as leaders of their own session and kills whole process trees.
 *
 * <p><b>Why sessions.</b> When util-linux {@code setsid} and a {@code kill} binary exist (every
 * ordinary Linux), each command is started as {@code setsid ARGV…}: {@code setsid} calls
 * {@code setsid(2)} and execs the command in place, so the pid Java sees is the leader of a new
 * session and process group whose id is that pid. Every descendant stays in the group unless it
 * creates its own session (a daemon that does so escapes: the host provider does not isolate).
 * {@code kill -TERM -- -PGID} then reaches the whole tree atomically, including children already
 * reparented to init — which {@link ProcessHandle#descendants()} cannot find, since it walks the
 * parent links the kernel rewrites when a parent dies. That is why descendants are only the
 * fallback, used when {@code setsid} is missing.
 *
 * <p>Liveness of a group is read from {@code /proc/<pid>/stat} and ignores zombies: on hosts whose
 * pid 1 does not reap orphans (some containers), killed children stay zombies forever.
 *
 * <p>Thread-safe and stateless.
 */
final class ProcessTrees {
  private static final Logger log = LoggerFactory.getLogger(ProcessTrees.class);
  private static final Duration AFTER_KILL = Duration.ofSeconds(10);

  private final Optional<Path> setsid;
  private final Optional<Path> kill;

  private ProcessTrees(Optional<Path> setsid, Optional<Path> kill) {
    this.setsid = setsid;
    this.kill = kill;
  }

  /** Finds setsid and kill in the usual places; without both, trees are killed through descendants. */
  static ProcessTrees detect() {
    Optional<Path> setsid = executable("/usr/bin/setsid", "/bin/setsid");
    Optional<Path> kill = executable("/usr/bin/kill", "/bin/kill");
    boolean groups = setsid.isPresent() && kill.isPresent() && Files.isDirectory(Path.of("/proc"));
    return groups ? new ProcessTrees(setsid, kill) : new ProcessTrees(Optional.empty(), Optional.empty());
  }

  private static Optional<Path> executable(String... candidates) {
    for (String c : candidates) {
      Path p = Path.of(c);
      if (Files.isExecutable(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  /** True when commands get their own process group (setsid mode). */
  boolean usesProcessGroups() {
    return setsid.isPresent();
  }

  /** The command line that starts {@code argv} as the leader of a new session, when that is possible. */
  List<String> wrap(List<String> argv) {
    if (setsid.isEmpty()) return argv;
    List<String> command = new ArrayList<>(argv.size() + 1);
    command.add(setsid.get().toString());
    command.addAll(argv);
    return command;
  }

  /** True while any non-zombie process is in process group {@code pgid}. */
  boolean groupAlive(long pgid) {
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> isNumeric(p))) {
      for (Path proc : procs) {
        long[] fields = stat(proc);
        if (fields != null && fields[1] == pgid && fields[0] != 'Z') return true;
      }
    } catch (IOException e) {
      log.debug("cannot list /proc", e);
    }
    return false;
  }

  private static boolean isNumeric(Path p) {
    String name = p.getFileName().toString();
    for (int i = 0; i < name.length(); i++) if (!Character.isDigit(name.charAt(i))) return false;
    return !name.isEmpty();
  }

  /** {state, pgrp} of one process, or null when it is gone. */
  private static long[] stat(Path proc) {
    try {
      String s = Files.readString(proc.resolve("stat"), StandardCharsets.ISO_8859_1);
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ", 4); // state ppid pgrp …
      return new long[] {f[0].charAt(0), Long.parseLong(f[2])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Kills a started command and everything it started: SIGTERM, then SIGKILL for what is still alive
   * after {@code grace}. Returns when the tree is gone or a SIGKILL did not end it within seconds (a
   * process stuck in the kernel); never throws and ignores interrupts (restoring the flag).
   */
  void terminate(String vm, ProcessHandle leader, Duration grace) {
    boolean interrupted = false;
    try {
      if (usesProcessGroups()) {
        interrupted = terminateGroup(vm, leader.pid(), grace);
      } else {
        interrupted = terminateDescendants(leader, grace);
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  private boolean terminateGroup(String vm, long pgid, Duration grace) {
    if (!groupAlive(pgid)) return false;
    signalGroup(pgid, "TERM");
    boolean interrupted = awaitGroupGone(pgid, grace);
    if (groupAlive(pgid)) {
      signalGroup(pgid, "KILL");
      interrupted |= awaitGroupGone(pgid, AFTER_KILL);
      if (groupAlive(pgid)) log.warn("vm={}: process group {} survived SIGKILL for {}", vm, pgid, AFTER_KILL);
    }
    return interrupted;
  }

  /** Sends a signal to every process in group {@code pgid}; a group that is gone is not an error. */
  void signalGroup(long pgid, String signal) {
    try {
      Process p = new ProcessBuilder(kill.orElseThrow().toString(), "-" + signal, "--", "-" + pgid)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      waitUninterruptibly(p);
    } catch (IOException e) {
      log.warn("cannot signal process group {}: {}", pgid, e.toString());
    }
  }

  private boolean awaitGroupGone(long pgid, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    boolean interrupted = false;
    long pause = 2;
    while (groupAlive(pgid) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(pause); // polling: the kernel offers no wait on a process group we do not parent
      } catch (InterruptedException e) {
        interrupted = true;
      }
      pause = Math.min(pause * 2, 50);
    }
    return interrupted;
  }

  private static boolean terminateDescendants(ProcessHandle leader, Duration grace) {
    List<ProcessHandle> tree = new ArrayList<>(leader.descendants().toList());
    tree.add(leader);
    tree.forEach(ProcessHandle::destroy);
    boolean interrupted = false;
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle p : tree) {
      try {
        long left = Math.max(1, deadline - System.nanoTime());
        p.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (Exception e) {
        p.destroyForcibly();
      }
    }
    return interrupted;
  }

  private static void waitUninterruptibly(Process p) {
    boolean interrupted = false;
    while (true) {
      try {
        p.waitFor();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }
}
