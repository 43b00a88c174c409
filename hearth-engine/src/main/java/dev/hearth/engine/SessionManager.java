package dev.hearth.engine;

import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits sessions under a global {@code max-sessions} limit, first come first served, and gives each
 * exactly one VM from the provider. Excess requests wait (they are never rejected); a waiting request
 * whose cancellation fires leaves the queue without allocating. Thread-safe; one per process.
 */
public final class SessionManager {
  private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);

  private final VmProvider provider;
  private final Admission admission;
  private final Clock clock;
  private final AtomicLong ids = new AtomicLong();
  private final AtomicInteger open = new AtomicInteger();

  /**
   * @param provider makes the VMs (shared, thread-safe)
   * @param maxSessions how many sessions (so: VMs) may be open at once, at least 1
   * @param clock for the durations in logs and events
   */
  public SessionManager(VmProvider provider, int maxSessions, Clock clock) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.admission = new Admission(maxSessions);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A manager allowing one session per available processor, on the system clock. */
  public SessionManager(VmProvider provider) {
    this(provider, defaultMaxSessions(), Clock.systemUTC());
  }

  public static int defaultMaxSessions() {
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * Waits for admission, then allocates the session's one VM and reports {@link RunEvent.VmAllocated}.
   *
   * @throws CancellationException when the request's cancellation fired while waiting or allocating;
   *     no slot is held and no VM is left behind
   * @throws VmException when the provider cannot allocate (also when it throws unexpectedly)
   * @throws InterruptedException when the thread is interrupted for another reason
   */
  public Session open(SessionRequest request) throws VmException, InterruptedException {
    Admission.Slot slot = admission.enter(request.cancellation());
    String id = "session-" + ids.incrementAndGet();
    try {
      Instant start = clock.instant();
      Vm vm = allocate(request, id);
      Duration took = Duration.between(start, clock.instant());
      open.incrementAndGet();
      Session session = new Session(id, request, vm, slot, clock, open::decrementAndGet);
      LOG.info("vm={} session={} run={} allocated took={}ms provider={} scope={}",
          vm.id(), id, request.runId(), took.toMillis(), provider.name(), request.scope().configName());
      request.listener().on(new RunEvent.VmAllocated(
          request.runId(), vm.id(), provider.name(), request.scope().configName(), took, clock.instant()));
      return session;
    } catch (VmException | InterruptedException | RuntimeException e) {
      slot.close();
      throw e;
    }
  }

  private Vm allocate(SessionRequest request, String id) throws VmException, InterruptedException {
    try {
      return request.cancellation().interruptibly(() -> provider.allocate(request.spec()));
    } catch (InterruptedException e) {
      if (request.cancellation().isCancelled()) throw Admission.cancelled(request.cancellation());
      throw e;
    } catch (VmException e) {
      LOG.warn("session={} run={} allocation failed: {}", id, request.runId(), e.getMessage());
      throw e;
    } catch (Exception e) {
      LOG.error("session={} run={} provider {} failed to allocate", id, request.runId(), provider.name(), e);
      throw new VmException("provider " + provider.name() + " failed to allocate a VM for run "
          + request.runId() + ": " + e, e);
    }
  }

  public String providerName() {
    return provider.name();
  }

  public int maxSessions() {
    return admission.limit();
  }

  /** Sessions holding a live VM now. */
  public int openSessions() {
    return open.get();
  }

  /** Requests waiting for admission now (an estimate, for status displays and tests). */
  public int waiting() {
    return admission.waiting();
  }
}
