package dev.hearth.workflow.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The inputs fuzzing starts from: every workflow of the shared fixtures and of this module's test
 * resources, plus the stored corpus of nasty inputs in {@code src/test/resources/fuzz/workflows}; and
 * the mutations that turn them into new inputs.
 */
final class Corpus {
  private static List<String> workflows;

  private Corpus() {}

  static synchronized List<String> workflows() {
    if (workflows == null) {
      List<String> all = new ArrayList<>();
      String shared = System.getProperty("hearth.shared", "../../shared");
      for (Path root : List.of(Path.of(shared, "fixtures", "workflows"), Path.of("src", "test", "resources"))) {
        if (!Files.isDirectory(root)) continue;
        try (Stream<Path> files = Files.walk(root)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList()) {
            all.add(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      if (all.size() < 20) throw new IllegalStateException("the fuzz corpus is too small (" + all.size() + " files)");
      workflows = List.copyOf(all);
    }
    return workflows;
  }

  private static final String[] TOKENS = {
    ":", " ", "\n", "  ", "\t", "-", "- ", "[", "]", "{", "}", ",", "'", "\"", "#", "&a", "*a", "!!str", "? ",
    "|", ">", "${{", "}}", "${{ github.sha }}", "on:", "jobs:", "steps:", "runs-on:", "needs:", "if:", "run:",
    "uses:", "matrix:", "strategy:", "include:", "exclude:", "~", "null", "true", "1e309", "0x", "<<", "---", "...",
    "\u0000", "\uFEFF", "é", "\\", "%", "@", "`"
  };

  /** {@code text} changed by 1–8 random edits drawn from {@code seed}: deletions, duplications, insertions, swaps. */
  static String mutate(String text, long seed) {
    Random r = new Random(seed);
    StringBuilder b = new StringBuilder(text);
    int edits = 1 + r.nextInt(8);
    for (int i = 0; i < edits; i++) {
      int at = b.isEmpty() ? 0 : r.nextInt(b.length() + 1);
      switch (r.nextInt(6)) {
        case 0 -> b.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
        case 1 -> { if (!b.isEmpty()) b.delete(Math.min(at, b.length() - 1), Math.min(b.length(), at + 1 + r.nextInt(12))); }
        case 2 -> { // duplicate a line
          String[] lines = b.toString().split("\n", -1);
          int l = r.nextInt(lines.length);
          List<String> copy = new ArrayList<>(List.of(lines));
          copy.add(l, lines[l]);
          b = new StringBuilder(String.join("\n", copy));
        }
        case 3 -> { // delete a line
          String[] lines = b.toString().split("\n", -1);
          List<String> copy = new ArrayList<>(List.of(lines));
          copy.remove(r.nextInt(copy.size()));
          b = new StringBuilder(String.join("\n", copy));
        }
        case 4 -> { // change indentation of a line
          String[] lines = b.toString().split("\n", -1);
          int l = r.nextInt(lines.length);
          lines[l] = r.nextBoolean() ? "  " + lines[l] : lines[l].stripLeading();
          b = new StringBuilder(String.join("\n", lines));
        }
        default -> b.insert(at, (char) r.nextInt(0x80));
      }
    }
    return b.toString();
  }
}
