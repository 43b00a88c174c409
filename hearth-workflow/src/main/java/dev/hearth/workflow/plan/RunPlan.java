package dev.hearth.workflow.plan;

import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.model.Workflow;
import java.util.List;
import java.util.Optional;

/**
 * What one workflow file will run for one event: the parsed workflow, the event (its payload is
 * {@code github.event}), and every job in dependency order (a job comes after all it needs; file
 * order among the rest), each with its legs or the means to expand them later. The executor walks
 * {@link #graph()} to decide what is ready.
 */
public record RunPlan(Workflow workflow, Event event, List<PlannedJob> jobs, JobGraph graph) {

  public RunPlan {
    jobs = List.copyOf(jobs);
  }

  /** The job with this id; GitHub compares job ids ignoring case. */
  public Optional<PlannedJob> job(String id) {
    return jobs.stream().filter(j -> j.id().equalsIgnoreCase(id)).findFirst();
  }

  /** The number of legs known now; deferred matrices count once they are expanded. */
  public int knownLegs() {
    return jobs.stream().mapToInt(j -> j.legs().size()).sum();
  }
}
