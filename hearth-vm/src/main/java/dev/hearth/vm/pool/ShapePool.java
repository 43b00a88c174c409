package dev.hearth.vm.pool;

import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.VmSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ready VMs of one {@link Shape} and the virtual thread that refills them, one allocation at a
 * time. A failed refill (the allocation throws, or the new VM fails its health check) waits
 * {@link PoolSettings#backoff} before the next attempt, measured on the injected clock: the filler
 * sleeps on a condition until then (or until {@link #nudge}d), never in a busy loop.
 *
 * <p>Thread-safe; {@link #take} may be called from any number of threads. A VM is in exactly one
 * place at a time — being allocated by the filler, in the idle queue, or handed out — so no VM is
 * handed out twice, and {@link #close} releases each idle VM exactly once.
 */
final class ShapePool {
  private static final Logger log = LoggerFactory.getLogger(ShapePool.class);

  /** A ready VM and when it last passed a health check. */
  private record Idle(Vm vm, Instant checkedAt) {}

  private final String poolName;
  private final Shape shape;
  private final VmSpec spec;
  private final VmProvider inner;
  private final PoolSettings settings;
  private final Clock clock;
  private final Runnable changed;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final ArrayDeque<Idle> idle = new ArrayDeque<>();
  // guarded by lock:
  private int refilling;
  private int failuresInARow;
  private Instant nextAttempt = Instant.MIN;
  private boolean closed;
  private long evaluations;
  private long warm;
  private long unhealthy;
  private long refillFailures;
  private volatile Thread filler;

  ShapePool(String poolName, Shape shape, VmProvider inner, PoolSettings settings, Clock clock, Runnable changed) {
    this.poolName = poolName;
    this.shape = shape;
    this.spec = shape.spec(poolName);
    this.inner = inner;
    this.settings = settings;
    this.clock = clock;
    this.changed = changed;
  }

  /** The work directories of the VMs waiting idle now (for tests that tell a pool's stock from a leak). */
  java.util.List<String> idleWorkDirs() {
    lock.lock();
    try {
      return idle.stream().map(i -> i.vm().workDir()).toList();
    } finally {
      lock.unlock();
    }
  }

  void start() {
    filler = Thread.ofVirtual().name("pool-" + poolName + "-filler").start(this::fill);
  }

  /**
   * A ready VM that passed a health check (now, when it had been idle longer than {@link
   * PoolSettings#recheckAfter}), or empty when none is ready. Unhealthy VMs met on the way are
   * released and will be replaced.
   */
  Optional<Vm> take() throws InterruptedException {
    while (true) {
      Idle next;
      lock.lock();
      try {
        next = idle.pollFirst();
        wake.signalAll(); // the filler makes a replacement
      } finally {
        lock.unlock();
      }
      if (next == null) return Optional.empty();
      Optional<String> failure;
      try {
        failure = recheckDue(next) ? HealthCheck.failure(next.vm(), settings.healthTimeout()) : Optional.empty();
      } catch (InterruptedException e) {
        next.vm().close(); // taken out of the pool, handed to nobody
        throw e;
      }
      if (failure.isEmpty()) {
        count(() -> warm++);
        return Optional.of(next.vm());
      }
      log.warn("pool={} vm={} failed its health check and is replaced: {}", poolName, next.vm().id(), failure.get());
      next.vm().close();
      count(() -> unhealthy++);
    }
  }

  private boolean recheckDue(Idle vm) {
    return !clock.instant().isBefore(vm.checkedAt().plus(settings.recheckAfter()));
  }

  /** The filler's loop: keeps {@code size} VMs idle or being made, until closed. */
  private void fill() {
    lock.lock();
    try {
      while (!closed) {
        boolean wanted = idle.size() + refilling < settings.size();
        Instant now = clock.instant();
        if (wanted && !now.isBefore(nextAttempt)) {
          refillOnce();
        } else {
          evaluations++;
          changed.run();
          if (wanted) wake.await(Math.max(1, Duration.between(now, nextAttempt).toMillis()), TimeUnit.MILLISECONDS);
          else wake.await();
        }
      }
    } catch (InterruptedException e) {
      // closing
    } finally {
      lock.unlock();
    }
  }

  /** One refill allocation, made without the lock. Called and returns with the lock held. */
  private void refillOnce() throws InterruptedException {
    refilling++;
    lock.unlock();
    changed.run();
    Vm vm = null;
    String failure = null;
    try {
      long start = System.nanoTime();
      vm = inner.allocate(spec);
      Optional<String> unhealthy = HealthCheck.failure(vm, settings.healthTimeout());
      if (unhealthy.isPresent()) {
        failure = "the new vm=" + vm.id() + " failed its health check: " + unhealthy.get();
        vm.close();
        vm = null;
      } else {
        log.info("pool={} vm={} ready shape=[{}] took={}ms", poolName, vm.id(), shape, (System.nanoTime() - start) / 1_000_000);
      }
    } catch (VmException | RuntimeException e) {
      failure = e.getMessage() == null ? e.toString() : e.getMessage();
    } catch (InterruptedException e) {
      if (vm != null) vm.close();
      lock.lock();
      refilling--;
      throw e;
    }
    lock.lock();
    refilling--;
    evaluations++;
    if (vm != null) {
      if (closed) {
        lock.unlock();
        try {
          vm.close(); // made while the pool closed: nobody will take it
        } finally {
          lock.lock();
        }
      } else {
        idle.addLast(new Idle(vm, clock.instant()));
        failuresInARow = 0;
        nextAttempt = Instant.MIN;
      }
    } else {
      failuresInARow++;
      refillFailures++;
      Duration wait = settings.backoff(failuresInARow);
      nextAttempt = clock.instant().plus(wait);
      log.warn("pool={} refill failed ({} in a row), next attempt in {}ms shape=[{}]: {}", poolName, failuresInARow,
          wait.toMillis(), shape, failure);
    }
    changed.run();
  }

  private void count(Runnable update) {
    lock.lock();
    try {
      update.run();
    } finally {
      lock.unlock();
    }
    changed.run();
  }

  /** Makes the filler look again now (after the clock moved, say) rather than when its wait ends. */
  void nudge() {
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** How often the filler has looked at the pool (for tests that must know it saw a change). */
  long evaluations() {
    lock.lock();
    try {
      return evaluations;
    } finally {
      lock.unlock();
    }
  }

  /** Adds this shape's figures to {@code sum} (cold and inUse are the pool's own). */
  PoolStats addTo(PoolStats sum) {
    lock.lock();
    try {
      return new PoolStats(sum.target() + settings.size(), sum.idle() + idle.size(), sum.refilling() + refilling,
          sum.inUse(), sum.warm() + warm, sum.cold(), sum.unhealthy() + unhealthy, sum.refillFailures() + refillFailures);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the filler (interrupting an allocation in progress; a VM it still makes is released) and
   * releases every idle VM once. Waits at most {@code wait} for the filler.
   */
  void close(Duration wait) {
    List<Idle> left;
    lock.lock();
    try {
      closed = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    if (filler != null) {
      filler.interrupt();
      try {
        if (!filler.join(wait)) log.warn("pool={} filler still allocating after {}ms; it releases what it makes", poolName, wait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lock.lock();
    try {
      left = new ArrayList<>(idle);
      idle.clear();
    } finally {
      lock.unlock();
    }
    for (Idle i : left) i.vm().close();
    if (!left.isEmpty()) log.info("pool={} released {} idle VMs shape=[{}]", poolName, left.size(), shape);
    changed.run();
  }
}
