package dev.hearth.workflow.event;

import dev.hearth.workflow.source.Position;
import java.util.Collection;
import java.util.List;

/**
 * One filter list of an event: {@code branches}, {@code branches-ignore}, {@code tags},
 * {@code tags-ignore}, {@code paths}, {@code paths-ignore} (or {@code names}/{@code versions}).
 *
 * <p>Patterns are checked in order and the last one that matches a name decides: a plain pattern
 * includes it, a {@code !} pattern excludes it again, and a later plain pattern re-includes it. A
 * name no pattern matches is not in the list. An include list ({@code branches}) lets through the
 * names in the list; an ignore list ({@code branches-ignore}) lets through the names not in it.
 *
 * @param key the key as written, e.g. {@code branches-ignore}
 * @param ignore whether this is an {@code -ignore} list
 */
public record PatternFilter(String key, boolean ignore, List<FilterPattern> patterns, Position position) {
  public PatternFilter {
    patterns = List.copyOf(patterns);
  }

  /** Whether {@code name} is in the list: the last pattern that matches it is not negated. */
  public boolean lists(String name) {
    boolean listed = false;
    for (FilterPattern p : patterns) {
      if (p.matches(name)) listed = !p.negated();
    }
    return listed;
  }

  /** Whether the filter lets {@code name} through. */
  public boolean allows(String name) {
    return ignore != lists(name);
  }

  /**
   * Whether the filter lets a change to these files through: {@code paths} when any file is listed,
   * {@code paths-ignore} unless every file is ignored. No files at all never pass, as GitHub says
   * ("if there are no files changed, the workflow will not run").
   */
  public boolean allowsAny(Collection<String> files) {
    for (String f : files) {
      if (allows(f)) return true;
    }
    return false;
  }
}
