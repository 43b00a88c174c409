package dev.hearth.server.github;

import dev.hearth.engine.Conclusion;
import dev.hearth.server.github.CheckAnnotation.Level;
import java.time.Duration;

/** The words of a finished job's report: its title line and its Markdown summary. */
final class JobReportText {
  private JobReportText() {}

  /** {@code Failed in 12s: 2 errors, 1 warning}. */
  static String title(Conclusion result, Duration took, JobNotes.Snapshot notes) {
    String verb = switch (result) {
      case SUCCESS -> "Succeeded";
      case FAILURE -> "Failed";
      case CANCELLED -> "Cancelled";
      case SKIPPED -> "Skipped";
    };
    StringBuilder s = new StringBuilder(verb);
    if (result != Conclusion.SKIPPED && took != null) s.append(" in ").append(duration(took));
    String counts = counts(notes);
    if (!counts.isEmpty()) s.append(": ").append(counts);
    return s.toString();
  }

  /** The job's step summaries, or a sentence saying how it ended when it wrote none. */
  static CheckRunOutput output(String name, Conclusion result, Duration took, JobNotes.Snapshot notes) {
    String summary = notes.summary().isBlank()
        ? "**" + name + "** " + title(result, took, notes).toLowerCase(java.util.Locale.ROOT) + "."
        : notes.summary();
    if (notes.dropped() > 0) {
      summary = summary + "\n\n_" + notes.dropped() + " more annotations were not sent (Hearth sends at most "
          + JobNotes.MAX_ANNOTATIONS + " per job)._";
    }
    return new CheckRunOutput(title(result, took, notes), summary, null, notes.annotations());
  }

  private static String counts(JobNotes.Snapshot notes) {
    StringBuilder s = new StringBuilder();
    count(s, notes.count(Level.FAILURE), "error");
    count(s, notes.count(Level.WARNING), "warning");
    count(s, notes.count(Level.NOTICE), "notice");
    return s.toString();
  }

  private static void count(StringBuilder s, long n, String word) {
    if (n == 0) return;
    if (!s.isEmpty()) s.append(", ");
    s.append(n).append(' ').append(word).append(n == 1 ? "" : "s");
  }

  private static String duration(Duration d) {
    long s = d.toSeconds();
    return s < 60 ? s + "s" : s / 60 + "m " + s % 60 + "s";
  }
}
