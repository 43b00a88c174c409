package dev.hearth.engine;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The process's one timer thread, behind {@link Timers#of}: made on first use, shared by every
 * executor (a thread per executor was never stopped, so each server or engine started in a process
 * left one behind), and ended by itself when no timer has been pending for {@link #IDLE}.
 */
final class TimerThread {
  static final String NAME = "hearth-timers";

  /** How long the thread stays once no timer is pending. */
  static final Duration IDLE = Duration.ofSeconds(10);

  static final ScheduledThreadPoolExecutor SCHEDULER = scheduler();

  private TimerThread() {}

  private static ScheduledThreadPoolExecutor scheduler() {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
        r -> Thread.ofPlatform().name(NAME).daemon().unstarted(r));
    // a cancelled timer (every job that ends before its timeout: nearly all) leaves the queue at once,
    // rather than staying there until its deadline, hours later; an empty queue lets the thread end
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setKeepAliveTime(IDLE.toMillis(), TimeUnit.MILLISECONDS);
    scheduler.allowCoreThreadTimeOut(true);
    return scheduler;
  }
}
