package dev.hearth.server.github;

import dev.hearth.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sleeper that moves a manual clock instead of waiting, and remembers each wait. */
final class ClockSleeper implements Sleeper {
  final ManualClock clock;
  final List<Duration> waits = new CopyOnWriteArrayList<>();

  ClockSleeper(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public void sleep(Duration duration) {
    waits.add(duration);
    clock.advance(duration);
  }
}
