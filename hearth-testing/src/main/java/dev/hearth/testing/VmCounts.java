package dev.hearth.testing;

import java.util.Objects;

/**
 * What a counting test provider counts of the VMs it hands out: calls to allocate, VMs handed out,
 * VMs whose owner has not closed them yet and the most at once, first closes (releases) and closes
 * beyond the first. Thread-safe: guarded by its owner's lock, so the counts change atomically with the
 * owner's other records, and every change wakes whoever waits on that lock.
 */
public final class VmCounts {
  private final Object lock;
  private int allocateCalls;
  private int allocations;
  private int live;
  private int maxLive;
  private int releases;
  private int extraCloses;

  /** @param lock the owner's lock, which this guards its counts with and notifies on each change */
  public VmCounts(Object lock) {
    this.lock = Objects.requireNonNull(lock, "lock");
  }

  /** A call to allocate began; returns its number, 1 for the first. */
  public int allocateCalled() {
    synchronized (lock) {
      return ++allocateCalls;
    }
  }

  /** A VM was handed out. */
  public void allocated() {
    synchronized (lock) {
      allocations++;
      live++;
      maxLive = Math.max(maxLive, live);
      lock.notifyAll();
    }
  }

  /** A VM's owner closed it: the first close releases it, a later one only counts. Returns {@code first}. */
  public boolean closed(boolean first) {
    synchronized (lock) {
      if (first) {
        releases++;
        live--;
      } else {
        extraCloses++;
      }
      lock.notifyAll();
      return first;
    }
  }

  /** Calls to allocate, including those that failed, hung or were interrupted. */
  public int allocateCalls() {
    synchronized (lock) {
      return allocateCalls;
    }
  }

  /** VMs handed out. */
  public int allocations() {
    synchronized (lock) {
      return allocations;
    }
  }

  /** VMs handed out whose owner has not closed them yet. */
  public int liveVms() {
    synchronized (lock) {
      return live;
    }
  }

  /** The most VMs handed out and not yet closed at one time. */
  public int maxLiveVms() {
    synchronized (lock) {
      return maxLive;
    }
  }

  /** VMs closed at least once. */
  public int releases() {
    synchronized (lock) {
      return releases;
    }
  }

  /** Closes of a VM beyond its first (harmless by the SPI, but the engine promises exactly one). */
  public int extraCloses() {
    synchronized (lock) {
      return extraCloses;
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "allocateCalls=" + allocateCalls + " allocations=" + allocations + " live=" + live + " maxLive=" + maxLive
          + " releases=" + releases + " extraCloses=" + extraCloses;
    }
  }
}
