package dev.hearth.engine.step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's environment as it grows step by step. A step's process sees, each layer overriding the
 * ones before: GitHub's default variables &lt; workflow {@code env} &lt; job {@code env} &lt;
 * {@code $GITHUB_ENV} values of earlier steps &lt; the step's {@code env}; directories from
 * {@code $GITHUB_PATH} go in front of {@code PATH}, the last added first. The {@code env} context
 * holds the same layers without GitHub's defaults. Used by one thread at a time.
 */
final class EnvironmentLayers {
  private final Map<String, String> base;
  private final Map<String, String> declared = new LinkedHashMap<>();
  private final List<String> prependPath = new ArrayList<>();

  EnvironmentLayers(Map<String, String> base, Map<String, String> workflowEnv, Map<String, String> jobEnv) {
    this.base = Map.copyOf(base);
    declared.putAll(workflowEnv);
    declared.putAll(jobEnv);
  }

  /** A value from {@code $GITHUB_ENV} (or {@code ::set-env}) for every later step. */
  void set(String name, String value) {
    declared.put(name, value);
  }

  /** A directory from {@code $GITHUB_PATH} for every later step; adding it again moves it first. */
  void prependPath(String dir) {
    prependPath.remove(dir);
    prependPath.add(dir);
  }

  /** The {@code env} context before a step's own {@code env}. */
  Map<String, String> context() {
    return new LinkedHashMap<>(declared);
  }

  /** The {@code env} context of a step whose {@code env} is {@code stepEnv}. */
  Map<String, String> context(Map<String, String> stepEnv) {
    Map<String, String> out = context();
    out.putAll(stepEnv);
    return out;
  }

  /** The complete process environment of a step. */
  Map<String, String> process(Map<String, String> stepEnv) {
    Map<String, String> out = new LinkedHashMap<>(base);
    out.putAll(declared);
    out.putAll(stepEnv);
    if (!prependPath.isEmpty()) {
      List<String> parts = new ArrayList<>(prependPath.reversed());
      String path = out.get("PATH");
      if (path != null && !path.isEmpty()) parts.add(path);
      out.put("PATH", String.join(":", parts));
    }
    return out;
  }

  /** The {@code PATH} a step sees, for finding its shell. */
  String path(Map<String, String> stepEnv) {
    return process(stepEnv).getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  }
}
