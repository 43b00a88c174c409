package dev.hearth.server.github;

/**
 * Turns the {@code file} of an annotation into a path relative to the repository root, as GitHub
 * wants: {@code ./src/a.c} and {@code src/a.c} stay as they are (without {@code ./}); an absolute
 * path inside the run's workspace ({@code …/workspace/src/a.c}, Hearth's {@code $GITHUB_WORKSPACE}
 * in every VM) loses everything up to the workspace. Other absolute paths are kept without their
 * leading slash; GitHub then shows the annotation without a link to a line.
 */
final class AnnotationPaths {
  private static final String WORKSPACE = "/workspace/";

  private AnnotationPaths() {}

  static String relative(String file) {
    String f = file.strip().replace('\\', '/');
    if (f.startsWith("/")) {
      int w = f.indexOf(WORKSPACE);
      f = w >= 0 ? f.substring(w + WORKSPACE.length()) : f.substring(1);
    }
    while (f.startsWith("./")) f = f.substring(2);
    return f.isEmpty() ? "." : f;
  }
}
