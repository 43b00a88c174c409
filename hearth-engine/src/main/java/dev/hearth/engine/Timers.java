package dev.hearth.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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

  /** Timers on a daemon thread that waits for the clock's distance to each deadline. */
  static Timers of(Clock clock) {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "hearth-timers");
      t.setDaemon(true);
      return t;
    });
    // a cancelled timer (every job that ends before its timeout: nearly all) leaves the queue at once,
    // rather than staying there until its deadline, hours later
    executor.setRemoveOnCancelPolicy(true);
    return new Timers() {
      @Override
      public Timer at(Instant deadline, Runnable action) {
        long delay = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
        ScheduledFuture<?> f = executor.schedule(action, delay, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
      }

      @Override
      public Clock clock() {
        return clock;
      }
    };
  }
}
