package dev.hearth.workflow.parse;

import dev.hearth.workflow.model.Job;
import dev.hearth.workflow.model.Need;
import dev.hearth.workflow.source.Position;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks the job graph as GitHub does: every {@code needs} names a job of the file; at least one
 * job needs nothing (else that is the only graph error reported); and no job depends on itself
 * through others (each dependency that closes a cycle is reported where it is written).
 */
final class NeedsValidator {
  private final Reader r;

  NeedsValidator(Reader r) {
    this.r = r;
  }

  void validate(List<Job> jobs, Position jobsPosition) {
    Map<String, Job> byId = new HashMap<>();
    for (Job j : jobs) byId.putIfAbsent(key(j.id()), j);
    if (jobs.stream().noneMatch(j -> j.needs().isEmpty())) {
      r.error(jobsPosition, "the workflow must contain at least one job with no dependencies");
      return;
    }
    boolean unknown = false;
    for (Job j : jobs) {
      for (Need n : j.needs()) {
        if (!byId.containsKey(key(n.jobId()))) {
          r.error(n.position(), "job '" + j.id() + "' depends on unknown job '" + n.jobId() + "'");
          unknown = true;
        }
      }
    }
    if (!unknown) reportCycles(jobs, byId);
  }

  /** Reports every dependency edge that lies on a cycle (both ends in one strongly connected part). */
  private void reportCycles(List<Job> jobs, Map<String, Job> byId) {
    Map<String, Integer> component = new Tarjan(jobs, byId).run();
    for (Job j : jobs) {
      for (Need n : j.needs()) {
        Integer a = component.get(key(j.id()));
        Integer b = component.get(key(n.jobId()));
        if (a != null && a.equals(b)) {
          r.error(n.position(), "job '" + j.id() + "' depends on job '" + n.jobId()
              + "', which creates a cycle in the dependency graph");
        }
      }
    }
  }

  static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }

  /** Strongly connected components; only components on a cycle get a number. */
  private static final class Tarjan {
    private final List<Job> jobs;
    private final Map<String, Job> byId;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new HashSet<>();
    private final Map<String, Integer> component = new HashMap<>();
    private int counter;

    Tarjan(List<Job> jobs, Map<String, Job> byId) {
      this.jobs = jobs;
      this.byId = byId;
    }

    Map<String, Integer> run() {
      for (Job j : jobs) if (!index.containsKey(key(j.id()))) visit(key(j.id()));
      return component;
    }

    private void visit(String v) {
      index.put(v, counter);
      low.put(v, counter++);
      stack.push(v);
      onStack.add(v);
      for (Need n : byId.get(v).needs()) {
        String w = key(n.jobId());
        if (!index.containsKey(w)) {
          visit(w);
          low.put(v, Math.min(low.get(v), low.get(w)));
        } else if (onStack.contains(w)) {
          low.put(v, Math.min(low.get(v), index.get(w)));
        }
      }
      if (low.get(v).equals(index.get(v))) pop(v);
    }

    private void pop(String root) {
      Deque<String> members = new ArrayDeque<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        members.push(w);
      } while (!w.equals(root));
      boolean selfLoop = byId.get(root).needs().stream().anyMatch(n -> key(n.jobId()).equals(root));
      if (members.size() > 1 || selfLoop) for (String m : members) component.put(m, index.get(root));
    }
  }
}
