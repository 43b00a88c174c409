package dev.hearth.workflow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The display name GitHub gives a matrix leg: the job's name followed by the leg's values in
 * parentheses, {@code build (ubuntu-latest, 18)}. Values are taken in combination order; an object
 * or list contributes its leaf values depth-first (its keys are not shown); null and empty strings
 * are left out. A leg with nothing to show keeps the job's name. Names longer than 100 characters
 * are cut to 97 and end in {@code ...}, as GitHub does.
 *
 * <p>A job whose {@code name:} holds an expression is named by evaluating that expression for the
 * leg instead (GitHub then appends nothing); that happens at run time, not here.
 */
public final class LegNames {
  /** GitHub's maximum length of a job's display name. */
  public static final int MAX_LENGTH = 100;

  private LegNames() {}

  public static String of(String jobName, MatrixCombination combination) {
    List<String> segments = new ArrayList<>();
    combination.values().values().forEach(value -> collect(value, segments));
    String name = segments.isEmpty() ? jobName : jobName + " (" + String.join(", ", segments) + ")";
    return name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH - 3) + "..." : name;
  }

  private static void collect(JsonNode value, List<String> segments) {
    if (value.isContainerNode()) {
      value.forEach(child -> collect(child, segments));
      return;
    }
    String text = MatrixValues.text(value);
    if (!text.isEmpty()) segments.add(text);
  }
}
