package dev.hearth.engine;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a leg inside its job-level {@code concurrency:} group, through the run's {@link JobGate}: the
 * leg waits (cancellable, said in the run's log) before it allocates anything, runs while it holds the
 * group, and gives the group up when it ends. A leg replaced while pending, or cancelled while it
 * waited, ends cancelled without running; one whose group cannot be evaluated fails.
 */
final class LegGroups {
  private static final Logger LOG = LoggerFactory.getLogger(LegGroups.class);

  private final RunContext run;
  private final LegExecution legs;

  LegGroups(RunContext run, LegExecution legs) {
    this.run = run;
    this.legs = legs;
  }

  JobResult run(Leg leg, Cancellation cancellation, Supplier<JobResult> body) {
    LegGroup group = leg.group();
    if (group == null) return body.get();
    if (group.error() != null) return legs.notRun(leg, Conclusion.FAILURE, "the job could not be prepared: " + group.error());
    JobGate.Ticket ticket = new JobGate.Ticket(run.request().metadata().repository(), group.group(),
        group.cancelInProgress(), run.runId(), leg.id());
    JobGate.Entry entry;
    try {
      entry = run.gate().enter(ticket, cancellation, holder -> {
        LOG.info("run={} job={} waiting for concurrency group '{}' (held by {})", run.runId(), leg.id(), group.group(), holder);
        run.say(null, "job " + leg.id() + " is waiting for concurrency group '" + group.group() + "' (held by " + holder + ")");
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return legs.notRun(leg, Conclusion.CANCELLED, "interrupted while waiting for concurrency group '" + group.group() + "'");
    } catch (RuntimeException e) {
      LOG.error("run={} job={} concurrency group '{}' could not be entered", run.runId(), leg.id(), group.group(), e);
      return legs.notRun(leg, Conclusion.FAILURE, "concurrency group '" + group.group() + "' could not be entered: " + e.getMessage());
    }
    return switch (entry) {
      case JobGate.Entry.Refused r -> {
        LOG.info("run={} job={} not run: {}", run.runId(), leg.id(), r.why());
        yield legs.notRun(leg, Conclusion.CANCELLED, r.why());
      }
      case JobGate.Entry.Held h -> {
        JobResult result;
        try (JobGate.Hold hold = h.hold()) {
          result = body.get();
        }
        // said here, on the leg's thread, so that it comes before the run's end (the gate cancels from another thread)
        cancellation.message().filter(m -> m.endsWith(JobGate.CANCEL_IN_PROGRESS))
            .ifPresent(m -> run.say(null, "job " + leg.id() + " " + m));
        yield result;
      }
    };
  }
}
