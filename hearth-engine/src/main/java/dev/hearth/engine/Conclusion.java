package dev.hearth.engine;

import java.util.Locale;

/** How a step, job or run ended, with GitHub's names ({@code success}, {@code failure}, …). */
public enum Conclusion {
  SUCCESS, FAILURE, CANCELLED, SKIPPED;

  /** GitHub's lower-case name, as in {@code steps.<id>.conclusion} and {@code needs.<id>.result}. */
  public String githubName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
