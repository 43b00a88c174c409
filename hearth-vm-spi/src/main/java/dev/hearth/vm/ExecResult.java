package dev.hearth.vm;

import java.time.Duration;

/**
 * How a command ended.
 *
 * @param exitCode 0–255 as the process reported it; for a killed process 128 + the signal
 * @param timedOut true when the request's timeout killed it
 * @param duration from start to exit
 */
public record ExecResult(int exitCode, boolean timedOut, Duration duration) {
  public boolean succeeded() {
    return exitCode == 0 && !timedOut;
  }
}
