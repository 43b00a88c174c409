package dev.hearth.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A plain-text table with columns as wide as their widest cell. */
final class Table {
  private final List<String[]> rows = new ArrayList<>();

  Table(String... header) {
    rows.add(header);
  }

  void row(String... cells) {
    rows.add(cells);
  }

  void print(PrintWriter out) {
    print(out, UnaryOperator.identity());
  }

  /**
   * Prints the table; {@code decorate} may wrap each padded body cell (e.g. in colour) without
   * changing how wide it counts.
   */
  void print(PrintWriter out, UnaryOperator<String> decorate) {
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
    }
    for (int n = 0; n < rows.size(); n++) {
      String[] r = rows.get(n);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        String cell = i + 1 < r.length ? r[i] + " ".repeat(width[i] - r[i].length() + 2) : r[i];
        b.append(n == 0 ? cell : decorate.apply(cell));
      }
      out.println(b.toString().stripTrailing());
    }
  }
}
