package dev.hearth.testing;

import dev.hearth.vm.OutputSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An {@link OutputSink} that keeps every line, for assertions, and lets a test wait until a line
 * arrives. Thread-safe.
 */
public final class RecordingSink implements OutputSink {
  private final List<String> stdout = new ArrayList<>();
  private final List<String> stderr = new ArrayList<>();
  private long stdoutChars;

  @Override
  public synchronized void stdout(String line) {
    stdout.add(line);
    stdoutChars += line.length();
    notifyAll();
  }

  @Override
  public synchronized void stderr(String line) {
    stderr.add(line);
    notifyAll();
  }

  public synchronized List<String> stdout() {
    return List.copyOf(stdout);
  }

  public synchronized List<String> stderr() {
    return List.copyOf(stderr);
  }

  public synchronized int stdoutLineCount() {
    return stdout.size();
  }

  /** Characters on stdout, without line terminators. */
  public synchronized long stdoutChars() {
    return stdoutChars;
  }

  /** Waits until some stdout line matches; false when {@code timeout} passes first. */
  public synchronized boolean awaitStdout(Predicate<String> line, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (stdout.stream().noneMatch(line)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return false;
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
