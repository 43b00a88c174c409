package dev.hearth.server.github;

import java.time.Duration;

/** Waits between retries; tests pass one that advances a manual clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL = duration -> Thread.sleep(duration);

  void sleep(Duration duration) throws InterruptedException;
}
