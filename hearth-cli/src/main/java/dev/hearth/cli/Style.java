package dev.hearth.cli;

import dev.hearth.engine.Conclusion;
import java.time.Duration;
import java.util.Locale;

/**
 * How the human output looks: ANSI colour only on a terminal (and never with {@code NO_COLOR} set or
 * {@code TERM=dumb}), durations in the units a person reads at a glance.
 */
record Style(boolean colour) {
  static final Style PLAIN = new Style(false);

  /** Colour when standard output is a terminal that wants it. */
  static Style forTerminal() {
    boolean tty = System.console() != null;
    boolean wanted = System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
    return new Style(tty && wanted);
  }

  String dim(String s) {
    return paint("2", s);
  }

  String bold(String s) {
    return paint("1", s);
  }

  String red(String s) {
    return paint("31", s);
  }

  String yellow(String s) {
    return paint("33", s);
  }

  /** The result's name in its colour: green success, red failure, yellow cancelled, dim skipped. */
  String result(Conclusion c) {
    return paint(switch (c) {
      case SUCCESS -> "32";
      case FAILURE -> "31";
      case CANCELLED -> "33";
      case SKIPPED -> "2";
    }, c.githubName());
  }

  /** The mark before a finished step or job. */
  String mark(Conclusion c) {
    return paint(switch (c) {
      case SUCCESS -> "32";
      case FAILURE -> "31";
      case CANCELLED -> "33";
      case SKIPPED -> "2";
    }, switch (c) {
      case SUCCESS -> "✓";
      case FAILURE -> "✗";
      case CANCELLED -> "⊘";
      case SKIPPED -> "○";
    });
  }

  private String paint(String code, String s) {
    return colour ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }

  /** {@code 12ms}, {@code 1.4s}, {@code 2m03s}. */
  static String duration(Duration d) {
    long ms = d == null ? 0 : d.toMillis();
    if (ms < 1000) return ms + "ms";
    if (ms < 60_000) return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    long s = ms / 1000;
    return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
