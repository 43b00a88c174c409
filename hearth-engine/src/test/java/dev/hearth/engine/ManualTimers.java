package dev.hearth.engine;

import dev.hearth.testing.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link Timers} on a {@link ManualClock}: timers fire when the test advances the clock past them. */
final class ManualTimers implements Timers {
  private final ManualClock clock = new ManualClock();
  private final List<Entry> entries = new ArrayList<>();

  private static final class Entry implements Timer {
    final Instant deadline;
    final Runnable action;
    boolean cancelled;

    Entry(Instant deadline, Runnable action) {
      this.deadline = deadline;
      this.action = action;
    }

    @Override
    public synchronized void cancel() {
      cancelled = true;
    }
  }

  @Override
  public synchronized Timer at(Instant deadline, Runnable action) {
    Entry e = new Entry(deadline, action);
    entries.add(e);
    notifyAll();
    return e;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  /** Moves the clock and runs every timer that is now due (on this thread). */
  void advance(Duration amount) {
    Instant now = clock.advance(amount);
    List<Entry> due = new ArrayList<>();
    synchronized (this) {
      for (Entry e : List.copyOf(entries)) {
        if (!e.deadline.isAfter(now)) {
          entries.remove(e);
          due.add(e);
        }
      }
    }
    for (Entry e : due) {
      synchronized (e) {
        if (e.cancelled) continue;
      }
      e.action.run();
    }
  }

  /** Waits until at least {@code count} timers were ever armed (a job has started its timeout). */
  synchronized void awaitArmed(int count) throws InterruptedException {
    while (entries.size() < count) wait();
  }
}
