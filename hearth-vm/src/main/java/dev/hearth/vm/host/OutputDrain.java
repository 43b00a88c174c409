package dev.hearth.vm.host;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a command's output after the command itself has exited.
 *
 * <p>Normally both pipes reach their end as soon as the last writer exits. A background process the
 * command left running (a server started by a step) may hold them open for ever, though, so the wait
 * ends when the pumps stay idle — nothing read, nothing being delivered — for {@link #QUIET}; and,
 * when such processes are known to be alive, after {@link #BACKGROUND_LIMIT} at most even if they keep
 * writing. The pumps are then detached: later output of background processes is read and dropped.
 * A slow output sink is never cut short while it is handling lines and the pipes are not drained.
 */
public final class OutputDrain {
  static final Duration QUIET = Duration.ofMillis(250);
  static final Duration BACKGROUND_LIMIT = Duration.ofSeconds(2);

  private OutputDrain() {}

  /** Returns when both pumps ended or were detached; never throws, keeps an interrupt for the caller. */
  public static void await(Thread outThread, LinePump out, Thread errThread, LinePump err, BooleanSupplier backgroundAlive) {
    boolean interrupted = false;
    long start = System.nanoTime();
    long lastProgress = -1;
    long quietSince = start;
    Boolean background = null; // asked only when the pipes do not end at once: it costs a /proc scan
    while (outThread.isAlive() || errThread.isAlive()) {
      try {
        outThread.join(20);
        errThread.join(1);
      } catch (InterruptedException e) {
        interrupted = true;
      }
      long now = System.nanoTime();
      long progress = out.progress() + err.progress();
      boolean busy = out.delivering() || err.delivering();
      if (progress != lastProgress || busy) {
        lastProgress = progress;
        quietSince = now;
      }
      boolean quiet = now - quietSince > QUIET.toNanos();
      if (background == null && (outThread.isAlive() || errThread.isAlive())) background = backgroundAlive.getAsBoolean();
      boolean overLimit = Boolean.TRUE.equals(background) && !busy && now - start > BACKGROUND_LIMIT.toNanos();
      if (quiet || overLimit) {
        out.detach();
        err.detach();
        break;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }
}
