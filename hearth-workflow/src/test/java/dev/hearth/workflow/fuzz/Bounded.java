package dev.hearth.workflow.fuzz;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one fuzz case with a time limit, so a hang fails the property (naming the input) instead of the build. */
final class Bounded {
  static final Duration LIMIT = Duration.ofSeconds(10);

  private Bounded() {}

  /** What {@code body} returned, or what it threw (returned, not thrown); fails when it takes longer than {@link #LIMIT}. */
  static Object call(String input, Callable<?> body) {
    FutureTask<Object> task = new FutureTask<>(body::call);
    Thread t = Thread.ofPlatform().daemon().name("fuzz-case").start(task);
    try {
      return task.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      t.interrupt();
      throw new AssertionError("hung for more than " + LIMIT + " on input:\n" + input);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
