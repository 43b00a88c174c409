package dev.hearth.vm.host;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a command's output after the command itself has exited.
 *
 * <p>Normally both pipes reach their end as soon as the last writer exits. A background process the
 * command left running (a server started by a step) may hold them open for ever, though, so the wait
 * ends when the pumps stay idle — nothing read, nothing being delivered — for {@link #QUIET} while such
 * a process is alive; and, when one is, after {@link #BACKGROUND_LIMIT} at most even if it keeps
 * writing. The pumps are then detached: later output of background processes is read and dropped.
 *
 * <p>When no process can hold the pipes any more, they are about to end: idle pumps are only late (a
 * loaded machine can leave a pump's thread unscheduled for longer than {@link #QUIET}), so the wait goes
 * on — up to {@link #ORPHAN_LIMIT}, a guard against a writer the caller's check cannot see. A slow
 * output sink is never cut short while it is handling lines and the pipes are not drained.
 */
public final class OutputDrain {
  static final Duration QUIET = Duration.ofMillis(250);
  static final Duration BACKGROUND_LIMIT = Duration.ofSeconds(2);
  static final Duration ORPHAN_LIMIT = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(OutputDrain.class);

  private OutputDrain() {}

  /**
   * Returns when both pumps ended or were detached; never throws, keeps an interrupt for the caller.
   * {@code mayHoldPipes} says whether a process other than the exited command may still hold the pipes
   * (asked only when they do not end at once, at most every {@link #QUIET}: it may cost a process scan).
   */
  public static void await(LinePump out, LinePump err, BooleanSupplier mayHoldPipes) {
    boolean interrupted = false;
    long start = System.nanoTime();
    long lastProgress = -1;
    long quietSince = start;
    Boolean held = null;
    long heldAskedAt = 0;
    while (!out.ended() || !err.ended()) {
      try {
        out.awaitEnd(20);
        err.awaitEnd(1);
      } catch (InterruptedException e) {
        interrupted = true;
      }
      if (out.ended() && err.ended()) break;
      long now = System.nanoTime();
      long progress = out.progress() + err.progress();
      boolean busy = out.delivering() || err.delivering();
      if (progress != lastProgress || busy) {
        lastProgress = progress;
        quietSince = now;
      }
      if (held == null || now - heldAskedAt > QUIET.toNanos()) {
        held = mayHoldPipes.getAsBoolean();
        heldAskedAt = now;
      }
      boolean quiet = now - quietSince > QUIET.toNanos();
      boolean overLimit = held && !busy && now - start > BACKGROUND_LIMIT.toNanos();
      boolean orphaned = !held && now - quietSince > ORPHAN_LIMIT.toNanos();
      if (orphaned) {
        log.warn("{} and {}: no process should hold the output pipes, yet they stayed open and idle for {} s; "
            + "later output is dropped", out.name(), err.name(), ORPHAN_LIMIT.toSeconds());
      }
      if ((quiet && held) || overLimit || orphaned) {
        out.detach();
        err.detach();
        break;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }
}
