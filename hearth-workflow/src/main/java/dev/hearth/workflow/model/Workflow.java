package dev.hearth.workflow.model;

import dev.hearth.workflow.event.Triggers;
import dev.hearth.workflow.source.Position;
import java.util.List;
import java.util.Map;

/**
 * A parsed, validated workflow file. Jobs are in file order. Absent optional values are null
 * ({@code name}, {@code runName}, {@code permissions}, {@code concurrency}); {@code defaults} is
 * {@link RunDefaults#NONE} when absent.
 */
public record Workflow(
    String file,
    Value name,
    Value runName,
    Triggers on,
    Permissions permissions,
    Map<String, Value> env,
    RunDefaults defaults,
    Concurrency concurrency,
    List<Job> jobs,
    Position position) {
  public Workflow {
    env = Maps.ordered(env);
    jobs = List.copyOf(jobs);
  }

  /** The job with this id (GitHub compares job ids case-insensitively). */
  public java.util.Optional<Job> job(String id) {
    return jobs.stream().filter(j -> j.id().equalsIgnoreCase(id)).findFirst();
  }
}
