package dev.hearth.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs actions at instants of a {@link Clock}: how job timeouts fire. Tests use a manual
 * implementation that fires when they advance their clock, so no test sleeps for a timeout.
 */
public interface Timers {

  /** A scheduled action; {@link #cancel()} stops it from running (harmless after it ran). */
  interface Timer {
    void cancel();
  }

  /** Runs {@code action} once, at {@code deadline} as {@link #clock()} tells it (or soon after). */
  Timer at(Instant deadline, Runnable action);

  /** The clock the deadlines are read on. */
  Clock clock();

  /**
   * Timers on the process's one {@code hearth-timers} daemon thread, which waits for the clock's
   * distance to each deadline. Nothing to close: every executor, server and {@code hearth run} shares
   * that thread, and it ends by itself once no timer is pending (a job's timer is cancelled when the
   * job ends), so starting and stopping engines never adds threads.
   */
  static Timers of(Clock clock) {
    return new Timers() {
      @Override
      public Timer at(Instant deadline, Runnable action) {
        long delay = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
        ScheduledFuture<?> f = TimerThread.SCHEDULER.schedule(action, delay, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
      }

      @Override
      public Clock clock() {
        return clock;
      }
    };
  }
}
