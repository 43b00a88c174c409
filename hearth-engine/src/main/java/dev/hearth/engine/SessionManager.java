package dev.hearth.engine;

import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

  /** How long an allocation interrupted (cancelled, or past its timeout) may take to give up before it is left behind. */
  private static final Duration GRACE = Duration.ofSeconds(5);

  private final VmProvider provider;
  private final Admission admission;
  private final Clock clock;
  private final Duration allocationTimeout;
  private final AtomicLong ids = new AtomicLong();
  private final AtomicInteger open = new AtomicInteger();

  /**
   * @param provider makes the VMs (shared, thread-safe)
   * @param maxSessions how many sessions (so: VMs) may be open at once, at least 1
   * @param clock for the durations in logs and events
   */
  public SessionManager(VmProvider provider, int maxSessions, Clock clock) {
    this(provider, maxSessions, clock, AllocationTimeouts.defaultFor(provider.name()));
  }

  /**
   * @param allocationTimeout how long one {@code allocate} may take before the run fails (see
   *     {@link AllocationTimeouts} for the defaults per provider)
   */
  public SessionManager(VmProvider provider, int maxSessions, Clock clock, Duration allocationTimeout) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.admission = new Admission(maxSessions);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.allocationTimeout = Objects.requireNonNull(allocationTimeout, "allocationTimeout");
    if (allocationTimeout.isNegative() || allocationTimeout.isZero()) {
      throw new IllegalArgumentException("the allocation timeout must be positive, not " + allocationTimeout);
    }
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
    Instant start = clock.instant();
    Vm vm = allocate(request, id, slot);
    try {
      Duration took = Duration.between(start, clock.instant());
      open.incrementAndGet();
      Session session = new Session(id, request, vm, slot, clock, open::decrementAndGet);
      LOG.info("vm={} session={} run={} allocated took={}ms provider={} scope={}",
          vm.id(), id, request.runId(), took.toMillis(), provider.name(), request.scope().configName());
      request.listener().on(new RunEvent.VmAllocated(
          request.runId(), vm.id(), provider.name(), request.scope().configName(), took, clock.instant()));
      return session;
    } catch (RuntimeException e) {
      slot.close();
      throw e;
    }
  }

  /**
   * The provider's VM, allocated on a thread of its own so that neither a cancellation nor the
   * allocation timeout depends on the provider answering an interrupt. When either comes first the
   * allocation is interrupted and given {@link #GRACE} (at most the timeout) to end; one that still has not ended is left
   * behind holding {@code slot} (so the limit still counts it), and whatever VM it returns later is
   * released. On failure {@code slot} is closed or handed over; on success the caller owns it.
   */
  private Vm allocate(SessionRequest request, String id, Admission.Slot slot) throws VmException, InterruptedException {
    CompletableFuture<Vm> allocation = new CompletableFuture<>();
    Thread worker = Thread.ofVirtual().name("allocate-" + id).start(() -> {
      try {
        allocation.complete(provider.allocate(request.spec()));
      } catch (Throwable t) {
        allocation.completeExceptionally(t);
      }
    });
    try {
      return request.cancellation().interruptibly(() -> allocation.get(allocationTimeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      giveUp(worker, allocation, slot, id, request, "the allocation timed out");
      String why = "provider " + provider.name() + " did not allocate a VM for run " + request.runId() + " within "
          + (allocationTimeout.toMillis() < 1000 ? allocationTimeout.toMillis() + " ms" : allocationTimeout.toSeconds() + " s")
          + " (the allocation timeout)";
      LOG.warn("session={} run={} allocation failed: {}", id, request.runId(), why);
      throw new VmException(why);
    } catch (InterruptedException e) {
      giveUp(worker, allocation, slot, id, request, "the session was cancelled");
      if (request.cancellation().isCancelled()) throw Admission.cancelled(request.cancellation());
      throw e;
    } catch (ExecutionException e) {
      slot.close();
      return failed(e.getCause(), request, id);
    } catch (Exception e) {
      slot.close();
      return failed(e, request, id);
    }
  }

  private Vm failed(Throwable cause, SessionRequest request, String id) throws VmException, InterruptedException {
    if (cause instanceof VmException e) {
      LOG.warn("session={} run={} allocation failed: {}", id, request.runId(), e.getMessage());
      throw e;
    }
    if (cause instanceof InterruptedException e) {
      if (request.cancellation().isCancelled()) throw Admission.cancelled(request.cancellation());
      throw e;
    }
    LOG.error("session={} run={} provider {} failed to allocate", id, request.runId(), provider.name(), cause);
    throw new VmException("provider " + provider.name() + " failed to allocate a VM for run "
        + request.runId() + ": " + cause, cause);
  }

  /** Interrupts an allocation nobody waits for any more; its VM, if it still comes, is released, then its slot. */
  private void giveUp(Thread worker, CompletableFuture<Vm> allocation, Admission.Slot slot, String id, SessionRequest request,
      String why) {
    worker.interrupt();
    allocation.whenComplete((vm, error) -> {
      if (vm != null) {
        LOG.warn("vm={} session={} run={} allocated after {}: released", vm.id(), id, request.runId(), why);
        vm.close();
      }
      slot.close();
    });
    boolean interrupted = false;
    Duration grace = GRACE.compareTo(allocationTimeout) < 0 ? GRACE : allocationTimeout;
    long deadline = System.nanoTime() + grace.toNanos();
    while (!allocation.isDone() && System.nanoTime() < deadline) {
      try {
        allocation.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException again) {
        interrupted = true;
      } catch (ExecutionException | TimeoutException | CancellationException ended) {
        break;
      }
    }
    if (!allocation.isDone()) {
      LOG.warn("session={} run={} provider {} still allocating {} ms after {}; its VM will be released when it comes",
          id, request.runId(), provider.name(), grace.toMillis(), why);
    }
    if (interrupted) Thread.currentThread().interrupt();
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
