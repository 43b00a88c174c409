package dev.hearth.server.github;

import dev.hearth.engine.RunEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one job said for its report, gathered from events: its steps' {@code GITHUB_STEP_SUMMARY}
 * Markdown and its annotations (already masked by the engine). Keeps at most {@link
 * #MAX_ANNOTATIONS} annotations. Thread-safe.
 */
final class JobNotes {
  static final int MAX_ANNOTATIONS = 1000;

  private final StringBuilder summary = new StringBuilder();
  private final List<CheckAnnotation> annotations = new ArrayList<>();
  private int dropped;

  synchronized void summary(String markdown) {
    if (markdown.isBlank()) return;
    if (!summary.isEmpty()) summary.append("\n\n");
    if (summary.length() < CheckRunOutput.MAX_MARKDOWN + 1) summary.append(markdown.strip());
  }

  synchronized void annotation(RunEvent.Annotation a, String defaultPath) {
    if (annotations.size() >= MAX_ANNOTATIONS) {
      dropped++;
      return;
    }
    Map<String, String> p = a.properties();
    String file = p.get("file");
    String path = file == null || file.isBlank() ? defaultPath : AnnotationPaths.relative(file);
    int line = number(p.get("line"), 1);
    annotations.add(new CheckAnnotation(path, line, number(p.get("endLine"), line), numberOrNull(p.get("col")),
        numberOrNull(p.get("endColumn")), CheckAnnotation.Level.ofCommand(a.level()), a.message(), p.get("title")));
  }

  synchronized Snapshot snapshot() {
    return new Snapshot(summary.toString(), List.copyOf(annotations), dropped);
  }

  /** The notes at one moment. */
  record Snapshot(String summary, List<CheckAnnotation> annotations, int dropped) {
    static final Snapshot EMPTY = new Snapshot("", List.of(), 0);

    long count(CheckAnnotation.Level level) {
      return annotations.stream().filter(a -> a.level() == level).count();
    }
  }

  private static int number(String s, int fallback) {
    Integer n = numberOrNull(s);
    return n == null ? fallback : n;
  }

  private static Integer numberOrNull(String s) {
    if (s == null) return null;
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
