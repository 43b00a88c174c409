package dev.hearth.server;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls for something the server does off the request thread; fails after a wide hang guard. */
final class Eventually {
  private Eventually() {}

  static <T> T await(String what, Supplier<T> value, java.util.function.Predicate<T> done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    T last = value.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) throw new AssertionError("gave up waiting for " + what + "; last seen: " + last);
      Thread.sleep(20);
      last = value.get();
    }
    return last;
  }
}
