package dev.hearth.engine;

import dev.hearth.vm.Vm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One admitted run (or, in job scope, one job leg) holding exactly one VM. Every command the session
 * serves runs in {@link #vm()}. {@link #close()} releases the VM and frees the admission slot exactly
 * once, whatever the VM does on release; it is safe from any thread and idempotent.
 */
public final class Session implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Session.class);

  private final String id;
  private final SessionRequest request;
  private final Vm vm;
  private final Admission.Slot slot;
  private final Clock clock;
  private final Runnable onClosed;
  private final AtomicBoolean closed = new AtomicBoolean();

  Session(String id, SessionRequest request, Vm vm, Admission.Slot slot, Clock clock, Runnable onClosed) {
    this.id = id;
    this.request = request;
    this.vm = vm;
    this.slot = slot;
    this.clock = clock;
    this.onClosed = onClosed;
  }

  /** {@code session-<n>}, unique in this process. */
  public String id() {
    return id;
  }

  public String runId() {
    return request.runId();
  }

  /** The session's only VM. */
  public Vm vm() {
    return vm;
  }

  public boolean isClosed() {
    return closed.get();
  }

  /** Releases the VM (a release that throws is logged), frees the slot, reports {@code VmReleased}. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    Instant start = clock.instant();
    try {
      vm.close();
    } catch (RuntimeException e) {
      LOG.warn("vm={} session={} run={} release failed (the provider reaps it): {}",
          vm.id(), id, runId(), e.toString(), e);
    } finally {
      slot.close();
      onClosed.run();
      Duration took = Duration.between(start, clock.instant());
      LOG.info("vm={} session={} run={} released took={}ms", vm.id(), id, runId(), took.toMillis());
      request.listener().on(new RunEvent.VmReleased(runId(), vm.id(), took, clock.instant()));
    }
  }

  @Override
  public String toString() {
    return "session " + id + " (run " + runId() + ", vm " + vm.id() + ")";
  }
}
