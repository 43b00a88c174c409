package dev.hearth.vm.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
    boolean groups = setsid.isPresent() && kill.isPresent() && execsInPlace(setsid.get());
    return groups ? new ProcessTrees(setsid, kill) : withoutProcessGroups();
  }

  /**
   * True when {@code setsid} runs a command as the very process Java started, leading its own group.
   * It forks instead when started as a group leader already; then the pid Java knows would not name
   * the group, so the provider must not rely on groups. Checked once, by running {@code cat} on its
   * own {@code /proc/self/stat}.
   */
  private static boolean execsInPlace(Path setsid) {
    try {
      Process p = new ProcessBuilder(setsid.toString(), "cat", "/proc/self/stat").redirectErrorStream(true).start();
      p.getOutputStream().close();
      String stat = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      if (p.waitFor() != 0) return false;
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 4); // state ppid pgrp …
      long pid = Long.parseLong(stat.substring(0, stat.indexOf(' ')));
      return pid == p.pid() && Long.parseLong(f[2]) == pid;
    } catch (IOException | RuntimeException e) {
      log.warn("setsid check failed; process trees will be killed through descendants: {}", e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Kills trees through {@link ProcessHandle#descendants()} only, as on a host without setsid. */
  static ProcessTrees withoutProcessGroups() {
    return new ProcessTrees(Optional.empty(), Optional.empty());
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

  /** How long {@link #awaitOwnGroup} waits for a started command to become its group's leader. */
  private static final Duration LEADER_WAIT = Duration.ofSeconds(2);

  /**
   * Waits until {@code process}, just started through {@link #wrap}, leads its own process group (or
   * has exited), so that a kill of its group reaches it. Until {@code setsid} has run, the new process
   * is still in Hearth's own group, and a release at that moment would find no group to kill: the
   * command would then run on, outside its VM. Returns at once without process groups.
   */
  void awaitOwnGroup(Process process) {
    if (!usesProcessGroups()) return;
    Path stat = Path.of("/proc", Long.toString(process.pid()));
    long deadline = System.nanoTime() + LEADER_WAIT.toNanos();
    while (process.isAlive() && System.nanoTime() < deadline) {
      long pgrp = liveProcessGroup(stat);
      if (pgrp == process.pid() || pgrp < 0) return;
      java.util.concurrent.locks.LockSupport.parkNanos(50_000);
    }
    if (process.isAlive()) {
      log.warn("pid={} did not lead its own process group within {} ms (setsid has not run yet)", process.pid(), LEADER_WAIT.toMillis());
    }
  }

  /** The process groups that have at least one process that is not a zombie. */
  Set<Long> liveGroups() {
    Set<Long> live = new HashSet<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), ProcessTrees::isNumeric)) {
      for (Path proc : procs) {
        long pgrp = liveProcessGroup(proc);
        if (pgrp > 0) live.add(pgrp);
      }
    } catch (IOException e) {
      log.debug("cannot list /proc", e);
    }
    return live;
  }

  private static boolean isNumeric(Path p) {
    String name = p.getFileName().toString();
    for (int i = 0; i < name.length(); i++) if (!Character.isDigit(name.charAt(i))) return false;
    return !name.isEmpty();
  }

  /** The process group of a process that is not a zombie; -1 for a zombie or a process that is gone. */
  private static long liveProcessGroup(Path proc) {
    try {
      String s = Files.readString(proc.resolve("stat"), StandardCharsets.ISO_8859_1);
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ", 4); // state ppid pgrp …
      return f[0].charAt(0) == 'Z' ? -1 : Long.parseLong(f[2]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Kills started commands and everything they started: SIGTERM to every tree, then SIGKILL to what
   * is still alive after {@code grace}. Returns when the trees are gone or a SIGKILL did not end them
   * within seconds (a process stuck in the kernel); never throws and ignores interrupts (restoring
   * the flag).
   */
  void terminate(String vm, Collection<ProcessHandle> leaders, Duration grace) {
    if (leaders.isEmpty()) return;
    boolean interrupted;
    if (usesProcessGroups()) {
      interrupted = killUngrouped(vm, leaders);
      interrupted |= terminateGroups(vm, leaders.stream().map(ProcessHandle::pid).toList(), grace);
    } else {
      interrupted = false;
      for (ProcessHandle leader : leaders) interrupted |= terminateDescendants(leader, grace);
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  /**
   * SIGKILLs the leaders that do not lead their own group yet (still in Hearth's group: {@code setsid}
   * has not run, which {@link #awaitOwnGroup} gives up waiting for after {@link #LEADER_WAIT} on a
   * loaded host) and waits for them to end. A kill of their group would miss them, and they would go
   * on to start the command outside its VM. Until {@code setsid(2)} such a process has started
   * nothing; one that made its group just before the kill is in it, and {@link #terminateGroups}
   * runs after this.
   */
  private boolean killUngrouped(String vm, Collection<ProcessHandle> leaders) {
    boolean interrupted = false;
    for (ProcessHandle leader : leaders) {
      long pgrp = liveProcessGroup(Path.of("/proc", Long.toString(leader.pid())));
      if (pgrp < 0 || pgrp == leader.pid() || !leader.isAlive()) continue;
      log.warn("vm={}: pid={} does not lead its own process group yet; killed directly", vm, leader.pid());
      leader.destroyForcibly();
      try {
        leader.onExit().get(AFTER_KILL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        log.warn("vm={}: pid={} survived SIGKILL for {}", vm, leader.pid(), AFTER_KILL);
      }
    }
    return interrupted;
  }

  private boolean terminateGroups(String vm, List<Long> pgids, Duration grace) {
    List<Long> alive = alive(pgids);
    if (alive.isEmpty()) return false;
    signalGroups(alive, "TERM");
    boolean interrupted = awaitGone(alive, grace);
    alive = alive(alive);
    if (!alive.isEmpty()) {
      signalGroups(alive, "KILL");
      interrupted |= awaitGone(alive, AFTER_KILL);
      alive = alive(alive);
      if (!alive.isEmpty()) log.warn("vm={}: process groups {} survived SIGKILL for {}", vm, alive, AFTER_KILL);
    }
    return interrupted;
  }

  private List<Long> alive(List<Long> pgids) {
    Set<Long> live = liveGroups();
    return pgids.stream().filter(live::contains).toList();
  }

  /** Sends a signal to every process in the groups; a group that is gone is not an error. */
  private void signalGroups(List<Long> pgids, String signal) {
    List<String> command = new ArrayList<>(List.of(kill.orElseThrow().toString(), "-" + signal, "--"));
    pgids.forEach(pgid -> command.add("-" + pgid));
    try {
      Process p = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      waitUninterruptibly(p);
    } catch (IOException e) {
      log.warn("cannot signal process groups {}: {}", pgids, e.toString());
    }
  }

  private boolean awaitGone(List<Long> pgids, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    boolean interrupted = false;
    long pause = 2;
    while (!alive(pgids).isEmpty() && System.nanoTime() < deadline) {
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
