package dev.hearth.server.github;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A check run's {@code output}: title, Markdown summary, optional Markdown text and annotations.
 * Summary and text are cut to GitHub's 65,535 characters with a note saying so; the annotations
 * are sent 50 per request by {@link CheckRuns}.
 */
public record CheckRunOutput(String title, String summary, String text, List<CheckAnnotation> annotations) {
  public static final int MAX_MARKDOWN = 65_535;
  static final String TRUNCATED = "\n\n… (cut by Hearth: GitHub shows at most 65,535 characters here)";

  public CheckRunOutput {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(summary, "summary");
    summary = Text.truncate(summary, MAX_MARKDOWN, TRUNCATED);
    text = text == null || text.isEmpty() ? null : Text.truncate(text, MAX_MARKDOWN, TRUNCATED);
    annotations = List.copyOf(annotations);
  }

  /** This output with {@code batch} as its annotations. */
  CheckRunOutput withAnnotations(List<CheckAnnotation> batch) {
    return new CheckRunOutput(title, summary, text, batch);
  }

  ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("title", title);
    n.put("summary", summary);
    if (text != null) n.put("text", text);
    if (!annotations.isEmpty()) {
      var array = n.putArray("annotations");
      annotations.forEach(a -> array.add(a.toJson()));
    }
    return n;
  }
}
