package dev.hearth.cli;

import dev.hearth.engine.Cancellation;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C during {@code hearth run}, through a JVM shutdown hook: the first cancels every run
 * gracefully (running steps are stopped, cleanup runs, VMs are released) and holds the JVM until the
 * runs have ended; a second Ctrl-C, or a grace period passing, exits at once after giving the
 * provider a moment to kill what its VMs still run.
 *
 * <p>How a second Ctrl-C is seen: while shutdown hooks run, the JVM starts a thread named
 * {@code SIGINT handler} for every further SIGINT, which then waits for the hooks. The hook polls
 * for such a second thread and halts. (A {@code sun.misc.Signal} handler would be the direct way;
 * the project keeps to supported API.)
 */
final class CtrlC implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(60);
  private static final Duration FORCED_RELEASE = Duration.ofSeconds(3);

  private final Thread hook;
  private final CountDownLatch finished = new CountDownLatch(1);

  private CtrlC(Cancellation cancellation, Runnable releaseAll, PrintWriter err) {
    this.hook = new Thread(() -> onShutdown(cancellation, releaseAll, err), "hearth-ctrl-c");
  }

  /**
   * Installs the hook until {@link #close()}; {@link #finished()} tells it the runs have ended.
   * {@code releaseAll} (the provider's close) is what a forced stop still tries, for a few seconds.
   */
  static CtrlC install(Cancellation cancellation, Runnable releaseAll, PrintWriter err) {
    CtrlC c = new CtrlC(cancellation, releaseAll, err);
    Runtime.getRuntime().addShutdownHook(c.hook);
    return c;
  }

  /** The runs have ended (the hook then lets the JVM exit). */
  void finished() {
    finished.countDown();
  }

  private void onShutdown(Cancellation cancellation, Runnable releaseAll, PrintWriter err) {
    if (finished.getCount() == 0) return;
    err.println("hearth run: cancelling (cleanup runs, VMs are released); press Ctrl-C again to stop at once");
    err.flush();
    cancellation.cancel(Cancellation.Reason.CANCELLED, "cancelled by Ctrl-C");
    long deadline = System.nanoTime() + GRACE.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        if (finished.await(100, TimeUnit.MILLISECONDS)) return;
        if (secondSigint()) break;
      }
      err.println("hearth run: stopping at once; killing what the VMs still run");
      err.flush();
      Thread release = Thread.ofPlatform().daemon().start(releaseAll);
      release.join(FORCED_RELEASE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Runtime.getRuntime().halt(130);
  }

  private static boolean secondSigint() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("SIGINT handler")).count() > 1;
  }

  @Override
  public void close() {
    finished();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: nothing to remove
    }
  }
}
