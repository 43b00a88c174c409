package dev.hearth.engine;

import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fair limit on how many sessions are open at once: waiters are admitted first come, first served,
 * nobody is ever rejected for being over the limit, and a waiter whose {@link Cancellation} fires leaves
 * the queue without taking a slot. Thread-safe.
 */
final class Admission {
  private final int limit;
  private final Semaphore slots;

  Admission(int limit) {
    if (limit < 1) throw new IllegalArgumentException("max-sessions must be at least 1, was " + limit);
    this.limit = limit;
    this.slots = new Semaphore(limit, true);
  }

  /** A held slot; {@link #close()} frees it (once, however often it is called). */
  static final class Slot implements AutoCloseable {
    private final Semaphore slots;
    private final AtomicBoolean held = new AtomicBoolean(true);

    private Slot(Semaphore slots) {
      this.slots = slots;
    }

    @Override
    public void close() {
      if (held.compareAndSet(true, false)) slots.release();
    }
  }

  /**
   * Waits for a slot in arrival order.
   *
   * @throws CancellationException when {@code cancellation} fires first (or already had)
   * @throws InterruptedException when the thread is interrupted for another reason
   */
  Slot enter(Cancellation cancellation) throws InterruptedException {
    if (cancellation.isCancelled()) throw cancelled(cancellation);
    try {
      cancellation.interruptibly(() -> {
        slots.acquire();
        return null;
      });
    } catch (InterruptedException e) {
      if (cancellation.isCancelled()) throw cancelled(cancellation);
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("waiting for admission failed", e);
    }
    Slot slot = new Slot(slots);
    if (cancellation.isCancelled()) { // admitted and cancelled at the same moment: give the slot back
      slot.close();
      throw cancelled(cancellation);
    }
    return slot;
  }

  int limit() {
    return limit;
  }

  int inUse() {
    return limit - slots.availablePermits();
  }

  int waiting() {
    return slots.getQueueLength();
  }

  static CancellationException cancelled(Cancellation cancellation) {
    return new CancellationException(cancellation.message().orElse("cancelled"));
  }
}
