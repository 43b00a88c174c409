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
 * once, whatever the VM does on release; it is safe from any thread and idempotent. The VM can be
 * released earlier with {@link #releaseVm()}: {@code VmReleased} is always reported before the slot
 * goes to the next waiter.
 */
public final class Session implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Session.class);

  private final String id;
  private final SessionRequest request;
  private final Vm vm;
  private final Admission.Slot slot;
  private final Clock clock;
  private final Runnable onReleased;
  private final AtomicBoolean released = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  Session(String id, SessionRequest request, Vm vm, Admission.Slot slot, Clock clock, Runnable onReleased) {
    this.id = id;
    this.request = request;
    this.vm = vm;
    this.slot = slot;
    this.clock = clock;
    this.onReleased = onReleased;
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

  /**
   * Releases the VM now (exactly once; a release that throws is logged) and reports {@code
   * VmReleased}, keeping the admission slot until {@link #close()}: so a run can report that it
   * finished before the next run is admitted.
   */
  public void releaseVm() {
    if (!released.compareAndSet(false, true)) return;
    Instant start = clock.instant();
    try {
      vm.close();
    } catch (RuntimeException e) {
      LOG.warn("vm={} session={} run={} release failed (the provider reaps it): {}",
          vm.id(), id, runId(), e.toString(), e);
    } finally {
      onReleased.run();
      Duration took = Duration.between(start, clock.instant());
      LOG.info("vm={} session={} run={} released took={}ms", vm.id(), id, runId(), took.toMillis());
      request.listener().on(new RunEvent.VmReleased(runId(), vm.id(), took, clock.instant()));
    }
  }

  /** Releases the VM if that has not happened yet, then frees the admission slot. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    try {
      releaseVm();
    } finally {
      slot.close();
    }
  }

  @Override
  public String toString() {
    return "session " + id + " (run " + runId() + ", vm " + vm.id() + ")";
  }
}
