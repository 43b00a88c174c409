package dev.hearth.vm.host;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which VM of a provider started which process tree, so a VM's release kills exactly its own trees.
 *
 * <p>A tree is known by its leader's pid, which is also its process group id. While any process of
 * the group lives, the kernel does not hand that id to a new process, so the id is unambiguous. Once
 * the group is empty the id may be reused; entries for empty groups are therefore pruned — at most
 * every {@link #PRUNE_INTERVAL} after an exec, and before a VM kills its trees — and a reuse by
 * another VM of this provider moves the entry to that VM. What remains is a window of about a second
 * in which a dead group's id could be reused by an unrelated host process and then be signalled by a
 * release: acceptable for a provider that isolates nothing anyway.
 *
 * <p>Thread-safe. One scan of {@code /proc} costs a few milliseconds, which is why execs do not
 * scan every time.
 */
final class ProcessRegistry {
  static final Duration PRUNE_INTERVAL = Duration.ofSeconds(1);

  private record Tree(HostVm owner, ProcessHandle leader) {}

  private final ProcessTrees trees;
  private final Map<Long, Tree> byGroup = new ConcurrentHashMap<>();
  private final AtomicLong lastPrune = new AtomicLong(System.nanoTime());

  ProcessRegistry(ProcessTrees trees) {
    this.trees = trees;
  }

  /** Records a tree {@code owner} just started; a reused group id changes hands. */
  void started(HostVm owner, ProcessHandle leader) {
    byGroup.put(leader.pid(), new Tree(owner, leader));
  }

  /** Called when a tree's leader exited; prunes empty groups now and then. */
  void leaderExited() {
    long last = lastPrune.get();
    long now = System.nanoTime();
    if (now - last > PRUNE_INTERVAL.toNanos() && lastPrune.compareAndSet(last, now)) prune();
  }

  /**
   * Forgets every tree that has no live process. Only trees whose leader had exited before the scan
   * of {@code /proc} are candidates: a tree started (and its leader gone) after the scan began is not
   * in it, and forgetting it would let its background processes outlive their VM.
   */
  void prune() {
    List<Map.Entry<Long, Tree>> leaderless = byGroup.entrySet().stream()
        .filter(e -> !e.getValue().leader().isAlive()).map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    if (leaderless.isEmpty()) return;
    Set<Long> live = trees.usesProcessGroups() ? trees.liveGroups() : Set.of();
    for (Map.Entry<Long, Tree> e : leaderless) {
      if (!live.contains(e.getKey())) byGroup.remove(e.getKey(), e.getValue());
    }
  }

  /** The leaders of the trees {@code owner} started that may still have live processes. */
  List<ProcessHandle> treesOf(HostVm owner) {
    if (byGroup.values().stream().noneMatch(t -> t.owner() == owner)) return List.of(); // no scan needed
    prune();
    return byGroup.values().stream().filter(t -> t.owner() == owner).map(Tree::leader).toList();
  }

  /** True when {@code owner} still has a tree with a live process (not counting zombies). */
  boolean hasLiveTrees(HostVm owner) {
    return !treesOf(owner).isEmpty();
  }

  /** Forgets {@code owner}'s trees, after they were killed. */
  void forget(HostVm owner) {
    byGroup.values().removeIf(t -> t.owner() == owner);
  }
}
