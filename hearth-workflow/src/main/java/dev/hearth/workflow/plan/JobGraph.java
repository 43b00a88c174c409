package dev.hearth.workflow.plan;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The jobs of one workflow and their {@code needs}, in file order.
 *
 * <p>Two kinds of dependency matter, and they differ on purpose:
 *
 * <ul>
 *   <li>{@link #directNeeds} is what a job wrote under {@code needs:}. Only these appear in its
 *       {@code needs} context ({@code needs.<id>.result}, {@code needs.<id>.outputs}).
 *   <li>{@link #transitiveNeeds} adds what those jobs need, and so on. A job never starts before
 *       all of them have finished, and a failure anywhere among them skips the job unless its
 *       {@code if} says otherwise ({@code always()}, {@code failure()}): in GitHub a job that is
 *       skipped counts as not successful for the jobs that need it, so failure propagates down
 *       the whole chain. The executor uses the transitive set to explain why a job was skipped
 *       and to cancel everything downstream at once.
 * </ul>
 *
 * <p>The parser's validator reports cycles and unknown ids with positions; this class assumes a
 * valid graph but fails fast with {@link IllegalArgumentException} rather than loop on a bad one.
 * Immutable and thread-safe.
 */
public final class JobGraph {
  private final List<String> ids;
  private final Map<String, Integer> index;
  private final List<List<String>> direct;
  private final List<String> order;
  private final List<BitSet> transitive;

  private JobGraph(List<String> ids, Map<String, List<String>> needs) {
    this.ids = List.copyOf(ids);
    this.index = indexOf(this.ids);
    this.direct = directNeeds(this.ids, index, needs);
    this.order = sortTopologically();
    this.transitive = closure();
  }

  /**
   * The graph of {@code ids} (file order) where {@code needs} maps a job to the ids it lists under
   * {@code needs:}; a job absent from {@code needs} needs nothing.
   *
   * @throws IllegalArgumentException on a duplicate id, a need naming no job, or a cycle
   */
  public static JobGraph of(List<String> ids, Map<String, ? extends Collection<String>> needs) {
    Map<String, List<String>> copy = new HashMap<>();
    needs.forEach((id, list) -> copy.put(id, List.copyOf(list)));
    return new JobGraph(ids, copy);
  }

  /** Job ids in file order. */
  public List<String> ids() {
    return ids;
  }

  /** What {@code id} wrote under {@code needs:}, in the order written. */
  public List<String> directNeeds(String id) {
    return direct.get(indexOf(id));
  }

  /** Every job {@code id} depends on, directly or through others, in file order. */
  public List<String> transitiveNeeds(String id) {
    return names(transitive.get(indexOf(id)));
  }

  /** The jobs that list {@code id} under {@code needs:}, in file order. */
  public List<String> dependents(String id) {
    int target = indexOf(id);
    List<String> result = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (direct.get(i).contains(ids.get(target))) result.add(ids.get(i));
    }
    return result;
  }

  /** Every job that depends on {@code id}, directly or through others, in file order. */
  public List<String> transitiveDependents(String id) {
    int target = indexOf(id);
    List<String> result = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (transitive.get(i).get(target)) result.add(ids.get(i));
    }
    return result;
  }

  /**
   * All jobs in an order where each comes after everything it needs; among jobs whose needs are
   * met, file order decides. Running jobs one at a time in this order is always valid.
   */
  public List<String> topologicalOrder() {
    return order;
  }

  private List<String> sortTopologically() {
    int[] waiting = new int[ids.size()];
    List<List<Integer>> dependents = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) dependents.add(new ArrayList<>());
    for (int i = 0; i < ids.size(); i++) {
      for (String need : direct.get(i)) {
        dependents.get(index.get(need)).add(i);
        waiting[i]++;
      }
    }
    PriorityQueue<Integer> ready = new PriorityQueue<>();
    for (int i = 0; i < ids.size(); i++) if (waiting[i] == 0) ready.add(i);
    List<String> sorted = new ArrayList<>(ids.size());
    while (!ready.isEmpty()) {
      int next = ready.poll();
      sorted.add(ids.get(next));
      for (int dependent : dependents.get(next)) {
        if (--waiting[dependent] == 0) ready.add(dependent);
      }
    }
    if (sorted.size() != ids.size()) throw cycle(waiting);
    return List.copyOf(sorted);
  }

  /**
   * The jobs that may start now: not in {@code finished}, not in {@code started}, and with every
   * direct need in {@code finished} (whatever its result; whether the job then runs or is
   * skipped is for its {@code if} to decide). File order.
   */
  public List<String> ready(Set<String> finished, Set<String> started) {
    List<String> result = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      if (finished.contains(id) || started.contains(id)) continue;
      if (finished.containsAll(direct.get(i))) result.add(id);
    }
    return result;
  }

  /** {@link #ready(Set, Set)} with nothing started. */
  public List<String> ready(Set<String> finished) {
    return ready(finished, Set.of());
  }

  private int indexOf(String id) {
    Integer i = index.get(id);
    if (i == null) throw new IllegalArgumentException("no job '" + id + "' in this workflow");
    return i;
  }

  private List<String> names(BitSet set) {
    List<String> result = new ArrayList<>(set.cardinality());
    for (int i = set.nextSetBit(0); i >= 0; i = set.nextSetBit(i + 1)) result.add(ids.get(i));
    return List.copyOf(result);
  }

  private List<BitSet> closure() {
    List<BitSet> sets = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) sets.add(null);
    for (String id : order) {
      int i = index.get(id);
      BitSet set = new BitSet(ids.size());
      for (String need : direct.get(i)) {
        int n = index.get(need);
        set.set(n);
        set.or(sets.get(n));
      }
      sets.set(i, set);
    }
    return List.copyOf(sets);
  }

  private IllegalArgumentException cycle(int[] waiting) {
    List<String> stuck = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) if (waiting[i] > 0) stuck.add(ids.get(i));
    return new IllegalArgumentException("the needs of jobs " + stuck
        + " form a cycle (or depend on one); no order can run them");
  }

  private static Map<String, Integer> indexOf(List<String> ids) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      if (index.put(ids.get(i), i) != null) {
        throw new IllegalArgumentException("job '" + ids.get(i) + "' is defined twice");
      }
    }
    return Map.copyOf(index);
  }

  private static List<List<String>> directNeeds(
      List<String> ids, Map<String, Integer> index, Map<String, List<String>> needs) {
    for (String id : needs.keySet()) {
      if (!index.containsKey(id)) {
        throw new IllegalArgumentException(
            "needs given for job '" + id + "', which is not defined");
      }
    }
    List<List<String>> direct = new ArrayList<>(ids.size());
    for (String id : ids) {
      List<String> list = needs.getOrDefault(id, List.of());
      for (String need : list) {
        if (!index.containsKey(need)) {
          throw new IllegalArgumentException("job '" + id + "' needs '" + need
              + "', which is not a job in this workflow");
        }
      }
      direct.add(List.copyOf(list));
    }
    return List.copyOf(direct);
  }
}
